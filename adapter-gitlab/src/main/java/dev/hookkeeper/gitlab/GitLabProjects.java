package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.gitlab.GitLabErrors.NotFound;
import dev.hookkeeper.gitlab.GitLabHttp.Reply;
import java.util.function.Function;

/**
 * How a project is addressed: by its numeric id. GitLab answers anything but GET on a moved
 * project's old path with {@code 405 Non GET methods are not allowed for moved projects}
 * (provider-facts 4.6), so a reference without an id is first resolved with one GET, which follows
 * the 301 to {@code /projects/<id>}.
 */
final class GitLabProjects {
  private final GitLabHttp http;

  GitLabProjects(GitLabHttp http) {
    this.http = http;
  }

  <T> ProviderResult<T> withProject(Secret token, ProviderRepoRef repo, Function<String, ProviderResult<T>> work) {
    if (repo.providerRepoId() > 0) return work.apply(Long.toString(repo.providerRepoId()));
    ProviderResult<Reply> sent = http.send(token, "GET", http.api().addPathSegment("projects").addPathSegment(repo.fullName()).build(), null, true);
    if (!sent.isOk()) return ProviderResult.failed(sent.failure());
    if (!sent.value().ok()) return ProviderResult.failed(GitLabErrors.map(sent.value(), NotFound.REPOSITORY, token));
    long id = sent.value().json().path("id").asLong(0);
    if (id <= 0) return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "unexpected GitLab answer: project without an id");
    return work.apply(Long.toString(id));
  }
}
