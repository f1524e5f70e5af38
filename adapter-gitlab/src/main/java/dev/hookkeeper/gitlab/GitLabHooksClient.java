package dev.hookkeeper.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.RateBudget;
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
import java.util.Objects;
import java.util.Optional;
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

  private final GitLabHttp http;
  private final GitLabProjects projects;
  private final GitLabRunsClient runs;
  private final GitLabRepositoriesClient repositories;
  private final GitLabAccountsClient accounts;
  private final GitLabFeatures features;
  private final GitLabTestDeliveries tests;

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
    this.projects = new GitLabProjects(http);
    this.accounts = new GitLabAccountsClient(http);
    this.features = new GitLabFeatures(http);
    this.tests = new GitLabTestDeliveries(http, features);
    this.runs = new GitLabRunsClient(http, projects);
    this.repositories = new GitLabRepositoriesClient(http);
  }

  /** The pipelines client sharing this client's connection and budgets. */
  public GitLabRunsClient runsClient() {
    return runs;
  }

  /** The accounts client (who a token is, which projects it maintains), sharing this client's connection and budgets. */
  public GitLabAccountsClient accountsClient() {
    return accounts;
  }

  /** The projects-by-id client sharing this client's connection and budgets. */
  public GitLabRepositoriesClient repositoriesClient() {
    return repositories;
  }

  @Override
  public Provider provider() {
    return Provider.GITLAB;
  }

  @Override
  public Optional<RateBudget> rateBudget(Secret token) {
    return http.budgets().of(token);
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

  /** {@code GET /projects/:url-encoded-path}; a moved project's old path answers 301, which is followed. */
  @Override
  public ProviderResult<ProviderRepository> getRepository(Secret token, String fullName) {
    HttpUrl url = http.api().addPathSegment("projects").addPathSegment(fullName).build();
    return call(token, "GET", url, null, true, NotFound.REPOSITORY,
        reply -> GitLabProjectJson.repository(reply.json(), fullName), token);
  }

  @Override
  public ProviderResult<List<ProviderHook>> listHooks(Secret token, ProviderRepoRef repo) {
    return projects.withProject(token, repo, project -> listHooks(token, project));
  }

  private ProviderResult<List<ProviderHook>> listHooks(Secret token, String project) {
    List<ProviderHook> hooks = new ArrayList<>();
    String page = "1";
    for (int i = 0; i < MAX_PAGES && !page.isEmpty(); i++) {
      HttpUrl url = hooksUrl(project).addQueryParameter("per_page", String.valueOf(PER_PAGE))
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
    return projects.withProject(token, repo, project -> call(token, "POST", hooksUrl(project).build(), GitLabHookJson.body(spec),
        false, NotFound.REPOSITORY, reply -> ProviderResult.ok(GitLabHookJson.parse(reply.json())), token, spec.secret()));
  }

  @Override
  public ProviderResult<ProviderHook> updateHook(Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec) {
    var invalid = GitLabHookJson.unknownEvent(spec);
    if (invalid.isPresent()) {
      return ProviderResult.failed(FailureReason.INVALID_HOOK_CONFIG, "GitLab has no hook event " + invalid.get());
    }
    return projects.withProject(token, repo, project -> call(token, "PUT", hooksUrl(project).addPathSegment(providerHookId).build(),
        GitLabHookJson.body(spec), true, NotFound.HOOK, reply -> ProviderResult.ok(GitLabHookJson.parse(reply.json())), token,
        spec.secret()));
  }

  @Override
  public ProviderResult<ProviderHook> getHook(Secret token, ProviderRepoRef repo, String providerHookId) {
    return projects.withProject(token, repo, project -> getHook(token, project, providerHookId));
  }

  private ProviderResult<ProviderHook> getHook(Secret token, String project, String providerHookId) {
    return call(token, "GET", hooksUrl(project).addPathSegment(providerHookId).build(), null, true, NotFound.HOOK,
        reply -> ProviderResult.ok(GitLabHookJson.parse(reply.json())), token);
  }

  /**
   * The update, then a test delivery: GitLab re-enables an auto-disabled hook when a test request
   * gets a 2xx (provider-facts 0.13, 4.7); re-enabling by {@code PUT} alone is undocumented. The hook
   * is read again afterwards, so the answer shows GitLab's own {@code alert_status}.
   */
  @Override
  public ProviderResult<ProviderHook> reenableHook(Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec) {
    ProviderResult<ProviderHook> updated = updateHook(token, repo, providerHookId, spec);
    if (!updated.isOk()) return updated;
    return projects.withProject(token, repo, project -> {
      ProviderResult<PingOutcome> test = tests.send(token, project, providerHookId, true);
      if (!test.isOk()) return ProviderResult.failed(test.failure());
      if (test.value() == PingOutcome.NOT_SUPPORTED) {
        return ProviderResult.failed(FailureReason.HOOK_DISABLED_BY_PROVIDER,
            "GitLab cannot send this project a test delivery (no pipeline or commit to send, or GitLab older than 16.11);"
                + " a temporarily disabled hook is retried after disabled_until");
      }
      return getHook(token, project, providerHookId);
    });
  }

  @Override
  public ProviderResult<DeleteOutcome> deleteHook(Secret token, ProviderRepoRef repo, String providerHookId) {
    return projects.withProject(token, repo, project -> deleteHook(token, project, providerHookId));
  }

  private ProviderResult<DeleteOutcome> deleteHook(Secret token, String project, String providerHookId) {
    HttpUrl url = hooksUrl(project).addPathSegment(providerHookId).build();
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
    return projects.withProject(token, repo, project -> tests.send(token, project, providerHookId, false));
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
    return projects.withProject(token, repo, project -> {
      HttpUrl url = hooksUrl(project).addPathSegment(providerHookId).addPathSegment("events")
          .addQueryParameter("per_page", String.valueOf(PER_PAGE)).addQueryParameter("page", page).build();
      ProviderResult<Reply> sent = http.send(token, "GET", url, null, true);
      if (!sent.isOk()) return ProviderResult.failed(sent.failure());
      Reply reply = sent.value();
      if (!reply.ok()) {
        if (reply.code() == 404 && features.missing(token, reply, GitLabVersion.HOOK_EVENTS_API)) {
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
    });
  }

  /**
   * {@code POST …/events/:hook_event_id/resend} (GitLab 17.4+); keeps the Idempotency-Key. A 404
   * for a hook that is still there means the event is no longer logged ({@code DELIVERY_NOT_FOUND}).
   */
  @Override
  public ProviderResult<Redelivery> redeliver(
      Secret token, ProviderRepoRef repo, String providerHookId, String providerDeliveryId) {
    if (providerDeliveryId == null || !providerDeliveryId.matches("[0-9]{1,19}")) {
      return ProviderResult.failed(FailureReason.DELIVERY_NOT_FOUND, "a GitLab hook event id is numeric");
    }
    return projects.withProject(token, repo, project -> {
      HttpUrl url = hooksUrl(project).addPathSegment(providerHookId).addPathSegment("events")
          .addPathSegment(providerDeliveryId).addPathSegment("resend").build();
      ProviderResult<Reply> sent = http.send(token, "POST", url, null, false);
      if (!sent.isOk()) return ProviderResult.failed(sent.failure());
      Reply reply = sent.value();
      if (reply.ok()) return ProviderResult.ok(Redelivery.REQUESTED);
      if (reply.code() == 404 && features.missing(token, reply, GitLabVersion.HOOK_RESEND_API)) {
        return ProviderResult.failed(FailureReason.UNSUPPORTED_BY_PROVIDER,
            "this GitLab instance cannot resend hook events (GitLab 17.4+)");
      }
      ProviderFailure failure = GitLabErrors.map(reply, NotFound.HOOK, token);
      if (failure.reason() == FailureReason.HOOK_NOT_FOUND && getHook(token, project, providerHookId).isOk()) {
        return ProviderResult.failed(FailureReason.DELIVERY_NOT_FOUND, "GitLab no longer logs hook event " + providerDeliveryId);
      }
      return ProviderResult.failed(failure);
    });
  }

  private HttpUrl.Builder hooksUrl(String project) {
    return http.api().addPathSegment("projects").addPathSegment(project).addPathSegment("hooks");
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
