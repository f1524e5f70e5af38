package dev.hookkeeper.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenIdentity;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.gitlab.GitLabErrors.NotFound;
import dev.hookkeeper.gitlab.GitLabHttp.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * GitLab project hooks over REST API v4, on gitlab.com or a self-managed instance. Never throws
 * for HTTP or I/O problems; never puts a token or hook secret in a message or log line.
 */
public final class GitLabHooksClient implements ProviderHooksApi {
  public static final String GITLAB_COM = "https://gitlab.com";
  private static final int PER_PAGE = 100;
  private static final int MAX_PAGES = 50;
  /** Test triggers tried in order; each needs data (a pipeline, a commit) to exist in the project. */
  private static final List<String> TEST_TRIGGERS = List.of("pipeline_events", "push_events");

  private final GitLabHttp http;
  private final AtomicReference<GitLabVersion> version = new AtomicReference<>();

  public GitLabHooksClient(OkHttpClient client) {
    this(client, GITLAB_COM);
  }

  public GitLabHooksClient(OkHttpClient client, String instanceUrl) {
    this(client, instanceUrl, 3, Duration.ofMillis(250), Clock.systemUTC());
  }

  /**
   * @param instanceUrl e.g. {@code https://gitlab.example.com} or {@code https://example.com/gitlab}
   * @param maxAttempts tries per request on 5xx / I/O failure (at least 1)
   * @param retryBackoff pause before the second try, doubled for each further one
   */
  public GitLabHooksClient(
      OkHttpClient client, String instanceUrl, int maxAttempts, Duration retryBackoff, InstantSource clock) {
    Objects.requireNonNull(client, "client == null");
    HttpUrl base = HttpUrl.parse(Objects.requireNonNull(instanceUrl, "instanceUrl == null"));
    if (base == null) throw new IllegalArgumentException("'instanceUrl' is not an http(s) URL");
    this.http = new GitLabHttp(client, base, maxAttempts,
        Objects.requireNonNull(retryBackoff, "retryBackoff == null"), Objects.requireNonNull(clock, "clock == null"));
  }

  @Override
  public Provider provider() {
    return Provider.GITLAB;
  }

  @Override
  public ProviderResult<TokenIdentity> identify(Secret token) {
    return call(token, "GET", http.api().addPathSegment("user").build(), null, true, NotFound.REPOSITORY,
        reply -> {
          String login = reply.json().path("username").asText("");
          if (login.isBlank()) return unexpected("GET /user returned no username");
          return ProviderResult.ok(new TokenIdentity(login, List.of())); // GitLab does not list scopes
        }, token);
  }

  @Override
  public ProviderResult<ProviderRepository> getRepository(Secret token, String fullName) {
    HttpUrl url = http.api().addPathSegment("projects").addPathSegment(fullName).build();
    return call(token, "GET", url, null, true, NotFound.REPOSITORY, reply -> {
      JsonNode p = reply.json();
      long id = p.path("id").asLong(0);
      if (id <= 0) return unexpected("project without an id");
      String defaultBranch = p.path("default_branch").asText("");
      return ProviderResult.ok(new ProviderRepository(
          Provider.GITLAB,
          id,
          p.path("path_with_namespace").asText(fullName),
          // An empty project has no default branch yet; "main" is GitLab's default for new ones.
          defaultBranch.isBlank() ? "main" : defaultBranch,
          !"public".equals(p.path("visibility").asText("private")),
          access(p.path("permissions"))));
    }, token);
  }

  /** Maintainer (40) and Owner (50) may manage hooks; the higher of project and group access counts. */
  static AccessLevel access(JsonNode permissions) {
    if (permissions.isMissingNode() || permissions.isNull()) return AccessLevel.UNKNOWN;
    int level = Math.max(
        permissions.path("project_access").path("access_level").asInt(0),
        permissions.path("group_access").path("access_level").asInt(0));
    if (level >= 40) return AccessLevel.ADMIN;
    if (level >= 30) return AccessLevel.WRITE;
    if (level > 0) return AccessLevel.READ;
    return AccessLevel.NONE;
  }

  @Override
  public ProviderResult<List<ProviderHook>> listHooks(Secret token, ProviderRepoRef repo) {
    List<ProviderHook> hooks = new ArrayList<>();
    String page = "1";
    for (int i = 0; i < MAX_PAGES && !page.isEmpty(); i++) {
      HttpUrl url = hooksUrl(repo).addQueryParameter("per_page", String.valueOf(PER_PAGE))
          .addQueryParameter("page", page).build();
      ProviderResult<Reply> sent = http.send(token, "GET", url, null, true);
      if (!sent.isOk()) return ProviderResult.failed(sent.failure());
      Reply reply = sent.value();
      if (!reply.ok()) return ProviderResult.failed(GitLabErrors.map(reply, NotFound.REPOSITORY, token));
      for (JsonNode hook : reply.json()) hooks.add(GitLabHookJson.parse(hook));
      page = reply.nextPage();
    }
    return ProviderResult.ok(hooks);
  }

  @Override
  public ProviderResult<ProviderHook> createHook(Secret token, ProviderRepoRef repo, HookSpec spec) {
    var invalid = GitLabHookJson.unknownEvent(spec);
    if (invalid.isPresent()) {
      return ProviderResult.failed(FailureReason.INVALID_HOOK_CONFIG, "GitLab has no hook event " + invalid.get());
    }
    // Not retried on 5xx: GitLab may have created the hook; the core lists and adopts instead.
    return call(token, "POST", hooksUrl(repo).build(), GitLabHookJson.body(spec), false, NotFound.REPOSITORY,
        reply -> ProviderResult.ok(GitLabHookJson.parse(reply.json())), token, spec.secret());
  }

  @Override
  public ProviderResult<ProviderHook> updateHook(Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec) {
    var invalid = GitLabHookJson.unknownEvent(spec);
    if (invalid.isPresent()) {
      return ProviderResult.failed(FailureReason.INVALID_HOOK_CONFIG, "GitLab has no hook event " + invalid.get());
    }
    HttpUrl url = hooksUrl(repo).addPathSegment(providerHookId).build();
    return call(token, "PUT", url, GitLabHookJson.body(spec), true, NotFound.HOOK,
        reply -> ProviderResult.ok(GitLabHookJson.parse(reply.json())), token, spec.secret());
  }

  @Override
  public ProviderResult<DeleteOutcome> deleteHook(Secret token, ProviderRepoRef repo, String providerHookId) {
    HttpUrl url = hooksUrl(repo).addPathSegment(providerHookId).build();
    ProviderResult<Reply> sent = http.send(token, "DELETE", url, null, true);
    if (!sent.isOk()) return ProviderResult.failed(sent.failure());
    Reply reply = sent.value();
    if (reply.ok()) return ProviderResult.ok(DeleteOutcome.DELETED);
    // The hook, or the whole project, is gone: nothing is left to delete.
    if (reply.code() == 404) return ProviderResult.ok(DeleteOutcome.ALREADY_GONE);
    return ProviderResult.failed(GitLabErrors.map(reply, NotFound.HOOK, token));
  }

  /**
   * {@code POST …/hooks/:hook_id/test/:trigger} (GitLab 16.11+). A 2xx test delivery also
   * re-enables a hook GitLab disabled. Projects with no pipeline (or no commit) cannot be tested
   * with that trigger, so the next is tried; with none usable the answer is NOT_SUPPORTED.
   */
  @Override
  public ProviderResult<PingOutcome> ping(Secret token, ProviderRepoRef repo, String providerHookId) {
    for (String trigger : TEST_TRIGGERS) {
      HttpUrl url = hooksUrl(repo).addPathSegment(providerHookId).addPathSegment("test").addPathSegment(trigger).build();
      ProviderResult<Reply> sent = http.send(token, "POST", url, null, false);
      if (!sent.isOk()) return ProviderResult.failed(sent.failure());
      Reply reply = sent.value();
      if (reply.ok()) return ProviderResult.ok(PingOutcome.SENT);
      if (reply.code() == 405) return ProviderResult.ok(PingOutcome.NOT_SUPPORTED);
      if (reply.code() == 404) {
        return missingFeature(token, reply, GitLabVersion.HOOK_TEST_API)
            ? ProviderResult.ok(PingOutcome.NOT_SUPPORTED)
            : ProviderResult.failed(GitLabErrors.map(reply, NotFound.HOOK, token));
      }
      if ((reply.code() == 400 || reply.code() == 422) && nothingToTestWith(reply.errorText())) continue;
      return ProviderResult.failed(GitLabErrors.map(reply, NotFound.HOOK, token));
    }
    return ProviderResult.ok(PingOutcome.NOT_SUPPORTED);
  }

  /** "Ensure the project has CI pipelines." / "Ensure the project has at least one commit." */
  private static boolean nothingToTestWith(String text) {
    return text.toLowerCase(Locale.ROOT).contains("ensure the project has");
  }

  /**
   * {@code GET …/hooks/:hook_id/events} (GitLab 17.3+, last 7 days). {@code failedOnly} filters
   * each page here rather than with GitLab's {@code status} parameter: that takes one category
   * only, and timeouts ({@code internal error}) belong to neither.
   */
  @Override
  public ProviderResult<Page<ProviderDelivery>> listDeliveries(
      Secret token, ProviderRepoRef repo, String providerHookId, String cursor, boolean failedOnly) {
    String page = cursor == null || !cursor.matches("[1-9][0-9]{0,6}") ? "1" : cursor;
    HttpUrl url = hooksUrl(repo).addPathSegment(providerHookId).addPathSegment("events")
        .addQueryParameter("per_page", String.valueOf(PER_PAGE)).addQueryParameter("page", page).build();
    ProviderResult<Reply> sent = http.send(token, "GET", url, null, true);
    if (!sent.isOk()) return ProviderResult.failed(sent.failure());
    Reply reply = sent.value();
    if (!reply.ok()) {
      if (reply.code() == 404 && missingFeature(token, reply, GitLabVersion.HOOK_EVENTS_API)) {
        return ProviderResult.failed(FailureReason.UNSUPPORTED_BY_PROVIDER,
            "this GitLab instance has no hook events API (GitLab 17.3+)");
      }
      return ProviderResult.failed(GitLabErrors.map(reply, NotFound.HOOK, token));
    }
    List<ProviderDelivery> items = new ArrayList<>();
    for (JsonNode event : reply.json()) {
      ProviderDelivery d = GitLabHookEventJson.parse(event, http.clock().instant());
      if (!failedOnly || !d.success()) items.add(d);
    }
    return ProviderResult.ok(new Page<>(items, reply.nextPage().isEmpty() ? null : reply.nextPage()));
  }

  /** {@code POST …/events/:hook_event_id/resend} (GitLab 17.4+); keeps the Idempotency-Key. */
  @Override
  public ProviderResult<Redelivery> redeliver(
      Secret token, ProviderRepoRef repo, String providerHookId, String providerDeliveryId) {
    HttpUrl url = hooksUrl(repo).addPathSegment(providerHookId).addPathSegment("events")
        .addPathSegment(providerDeliveryId).addPathSegment("resend").build();
    ProviderResult<Reply> sent = http.send(token, "POST", url, null, false);
    if (!sent.isOk()) return ProviderResult.failed(sent.failure());
    Reply reply = sent.value();
    if (reply.ok()) return ProviderResult.ok(Redelivery.REQUESTED);
    if (reply.code() == 404 && missingFeature(token, reply, GitLabVersion.HOOK_RESEND_API)) {
      return ProviderResult.failed(FailureReason.UNSUPPORTED_BY_PROVIDER,
          "this GitLab instance cannot resend hook events (GitLab 17.4+)");
    }
    return ProviderResult.failed(GitLabErrors.map(reply, NotFound.HOOK, token));
  }

  private HttpUrl.Builder hooksUrl(ProviderRepoRef repo) {
    String id = repo.providerRepoId() > 0 ? String.valueOf(repo.providerRepoId()) : repo.fullName();
    return http.api().addPathSegment("projects").addPathSegment(id).addPathSegment("hooks");
  }

  /**
   * Whether a 404 means "this instance has no such endpoint" rather than "no such hook": true
   * unless the project is missing or the instance is known to be new enough.
   */
  private boolean missingFeature(Secret token, Reply notFound, GitLabVersion since) {
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

  private <T> ProviderResult<T> call(Secret token, String method, HttpUrl url, JsonNode body, boolean idempotent,
      NotFound notFound, Function<Reply, ProviderResult<T>> onSuccess, Secret... secrets) {
    ProviderResult<Reply> sent = http.send(token, method, url, body, idempotent);
    if (!sent.isOk()) return ProviderResult.failed(sent.failure());
    Reply reply = sent.value();
    if (!reply.ok()) return ProviderResult.failed(GitLabErrors.map(reply, notFound, secrets));
    return onSuccess.apply(reply);
  }

  private static <T> ProviderResult<T> unexpected(String what) {
    return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "unexpected GitLab answer: " + what);
  }
}
