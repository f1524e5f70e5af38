package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.gitlab.GitLabHttp.Reply;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/** Which hook APIs the instance has: asked of {@code GET /version} once, when a 404 is ambiguous. */
final class GitLabFeatures {
  private final GitLabHttp http;
  private final AtomicReference<GitLabVersion> version = new AtomicReference<>();

  GitLabFeatures(GitLabHttp http) {
    this.http = http;
  }

  /**
   * Whether a 404 means "this instance has no such endpoint" rather than "no such hook": true
   * unless the project is missing or the instance is known to be new enough.
   */
  boolean missing(Secret token, Reply notFound, GitLabVersion since) {
    if (notFound.errorText().toLowerCase(Locale.ROOT).contains("project not found")) return false;
    GitLabVersion v = instanceVersion(token);
    return v == null || !v.atLeast(since);
  }

  /** {@code GET /version}, asked once per client and cached; {@code null} when it cannot be read. */
  private GitLabVersion instanceVersion(Secret token) {
    GitLabVersion known = version.get();
    if (known != null) return known;
    ProviderResult<Reply> sent = http.send(token, "GET", http.api().addPathSegment("version").build(), null, true);
    if (!sent.isOk() || !sent.value().ok()) return null;
    GitLabVersion parsed = GitLabVersion.parse(sent.value().json().path("version").asText(null));
    if (parsed != null) version.compareAndSet(null, parsed);
    return parsed;
  }
}
