package dev.hookkeeper.github;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub's repository-webhooks REST API ({@code /repos/{owner}/{repo}/hooks…}) on OkHttp. Never
 * throws for HTTP or I/O problems: every failure is a {@link ProviderResult.Failed}. Tokens and
 * secrets never appear in logs or failure messages. Thread-safe; share one instance.
 */
public final class GitHubHooksClient implements ProviderHooksApi {
  private static final Logger log = LoggerFactory.getLogger(GitHubHooksClient.class);
  public static final String DEFAULT_BASE_URL = "https://api.github.com";
  private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Pattern NUMERIC_ID = Pattern.compile("[0-9]{1,19}");
  private static final int MAX_PAGES = 100;

  /**
   * @param maxAttempts tries per request when GitHub answers 5xx or cannot be reached (≥ 1)
   * @param backoff wait before the second try; doubles for each further try
   * @param mutationSpacing minimum gap between two mutating requests of one token (GitHub asks for
   *     one second)
   */
  public record Settings(int maxAttempts, Duration backoff, Duration mutationSpacing) {
    public Settings {
      Objects.requireNonNull(backoff, "backoff == null");
      Objects.requireNonNull(mutationSpacing, "mutationSpacing == null");
      if (maxAttempts < 1) throw new IllegalArgumentException("'maxAttempts' must be at least 1");
      if (backoff.isNegative() || mutationSpacing.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative");
      }
    }

    public static Settings defaults() {
      return new Settings(3, Duration.ofMillis(500), Duration.ofSeconds(1));
    }
  }

  private final HttpUrl base;
  private final GitHubTransport transport;
  private final GitHubErrorMapper errors;
  private final ApiJson json;

  /** Against {@code baseUrl} with its own OkHttp client (timeouts set) and default settings. */
  public GitHubHooksClient(String baseUrl) {
    this(baseUrl, defaultHttpClient(), Settings.defaults());
  }

  public GitHubHooksClient(String baseUrl, OkHttpClient sharedHttp) {
    this(baseUrl, sharedHttp, Settings.defaults());
  }

  /**
   * @param baseUrl {@value #DEFAULT_BASE_URL}, or {@code https://HOST/api/v3} for GitHub Enterprise
   *     Server
   * @param sharedHttp the application's shared client; this one derives its own view of it
   */
  public GitHubHooksClient(String baseUrl, OkHttpClient sharedHttp, Settings settings) {
    this(baseUrl, sharedHttp, settings, InstantSource.system());
  }

  GitHubHooksClient(String baseUrl, OkHttpClient sharedHttp, Settings settings, InstantSource clock) {
    Objects.requireNonNull(baseUrl, "baseUrl == null");
    Objects.requireNonNull(sharedHttp, "sharedHttp == null");
    Objects.requireNonNull(settings, "settings == null");
    HttpUrl parsed = HttpUrl.parse(baseUrl);
    if (parsed == null) throw new IllegalArgumentException("'baseUrl' is not an http(s) URL: " + baseUrl);
    this.base = parsed;
    ObjectMapper mapper = new ObjectMapper();
    this.transport = new GitHubTransport(sharedHttp, settings);
    this.errors = new GitHubErrorMapper(mapper, clock);
    this.json = new ApiJson(mapper);
  }

  public static OkHttpClient defaultHttpClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(15))
        .writeTimeout(Duration.ofSeconds(15))
        .callTimeout(Duration.ofSeconds(30))
        .build();
  }

  @Override
  public Provider provider() {
    return Provider.GITHUB;
  }

  @Override
  public ProviderResult<TokenIdentity> identify(Secret token) {
    return call(() -> {
      ApiResponse r = expect(transport.get(token, url("user")), 200, GitHubErrorMapper.Target.USER);
      return new TokenIdentity(json.login(json.read(r), r), OAuthScopes.asList(OAuthScopes.parse(r.header("X-OAuth-Scopes"))));
    });
  }

  @Override
  public ProviderResult<ProviderRepository> getRepository(Secret token, String fullName) {
    return call(() -> {
      ApiResponse r = expect(transport.get(token, repoUrl(fullName)), 200, GitHubErrorMapper.Target.REPOSITORY);
      ProviderRepository repo = json.repository(json.read(r), r);
      Set<String> scopes = OAuthScopes.parse(r.header("X-OAuth-Scopes"));
      // A classic token that could see the repository but not manage its hooks is refused here,
      // before any hook call; a fine-grained token (no scopes header) is judged by the hook calls.
      if (scopes != null && !OAuthScopes.canManageHooks(scopes, repo.privateRepo())) {
        throw new GitHubCallException(
            FailureReason.INSUFFICIENT_PERMISSIONS,
            "the token's scopes [" + String.join(", ", scopes) + "] cannot manage webhooks of "
                + (repo.privateRepo() ? "a private" : "a public") + " repository; it needs admin:repo_hook or repo"
                + (repo.privateRepo() ? "" : " (or public_repo)"));
      }
      return repo;
    });
  }

  @Override
  public ProviderResult<List<ProviderHook>> listHooks(Secret token, ProviderRepoRef repo) {
    return call(() -> {
      List<ProviderHook> all = new ArrayList<>();
      HttpUrl next = repoUrl(repo).newBuilder().addPathSegment("hooks").addQueryParameter("per_page", "100").build();
      for (int page = 0; next != null; page++) {
        if (page == MAX_PAGES) throw new GitHubCallException(FailureReason.PROVIDER_UNAVAILABLE, "more than " + MAX_PAGES + " pages of hooks");
        ApiResponse r = transport.get(token, next);
        if (r.code() != 200) throw hooksCollectionFailure(token, repo, r);
        all.addAll(json.hooks(json.read(r), r));
        next = nextPage(r);
      }
      return all;
    });
  }

  @Override
  public ProviderResult<ProviderHook> createHook(Secret token, ProviderRepoRef repo, HookSpec spec) {
    return call(() -> {
      HttpUrl hooks = repoUrl(repo).newBuilder().addPathSegment("hooks").build();
      ApiResponse r = transport.mutate(token, "POST", hooks, json.createBody(spec));
      if (r.code() != 201 && r.code() != 200) throw hooksCollectionFailure(token, repo, r);
      return json.hook(json.read(r), r);
    });
  }

  @Override
  public ProviderResult<ProviderHook> updateHook(Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec) {
    return call(() -> {
      HttpUrl hook = hookUrl(repo, providerHookId);
      ApiResponse current = expect(transport.get(token, hook), 200, GitHubErrorMapper.Target.HOOK);
      ProviderHook before = json.hook(json.read(current), current);
      // the config endpoint changes only what it is given; the secret is always resent because
      // GitHub removes it from any full-config update that omits it
      expect(
          transport.mutate(token, "PATCH", hook.newBuilder().addPathSegment("config").build(), json.configBody(spec)),
          200,
          GitHubErrorMapper.Target.HOOK);
      if (before.active() && new HashSet<>(before.events()).equals(new HashSet<>(spec.events()))) {
        return new ProviderHook(before.providerHookId(), spec.url(), before.events(), true, "json", false, null);
      }
      ApiResponse updated = expect(transport.mutate(token, "PATCH", hook, json.eventsBody(spec)), 200, GitHubErrorMapper.Target.HOOK);
      return json.hook(json.read(updated), updated);
    });
  }

  @Override
  public ProviderResult<DeleteOutcome> deleteHook(Secret token, ProviderRepoRef repo, String providerHookId) {
    return call(() -> {
      ApiResponse r = transport.mutate(token, "DELETE", hookUrl(repo, providerHookId), null);
      if (r.code() == 204 || r.code() == 200) return DeleteOutcome.DELETED;
      GitHubCallException failure = errors.map(r, GitHubErrorMapper.Target.HOOK);
      // a 404 is "already gone" only when neither the token's scopes (write:repo_hook cannot
      // delete, and GitHub answers that with a 404 too) nor a lost admin role explain it;
      // otherwise the hook would stay on GitHub while Hookkeeper forgets it
      if (failure.failure().reason() != FailureReason.HOOK_NOT_FOUND) throw failure;
      if (lostAdminRights(token, repo)) {
        throw new GitHubCallException(
            FailureReason.INSUFFICIENT_PERMISSIONS, "the token can see the repository but is not an admin of it; the hook may still exist");
      }
      return DeleteOutcome.ALREADY_GONE;
    });
  }

  @Override
  public ProviderResult<PingOutcome> ping(Secret token, ProviderRepoRef repo, String providerHookId) {
    return call(() -> {
      HttpUrl pings = hookUrl(repo, providerHookId).newBuilder().addPathSegment("pings").build();
      expect(transport.mutate(token, "POST", pings, "{}"), 204, GitHubErrorMapper.Target.HOOK);
      return PingOutcome.SENT;
    });
  }

  @Override
  public ProviderResult<Page<ProviderDelivery>> listDeliveries(
      Secret token, ProviderRepoRef repo, String providerHookId, String cursor, boolean failedOnly) {
    return call(() -> {
      HttpUrl.Builder url = hookUrl(repo, providerHookId).newBuilder().addPathSegment("deliveries").addQueryParameter("per_page", "100");
      if (cursor != null && !cursor.isBlank()) url.addQueryParameter("cursor", cursor);
      if (failedOnly) url.addQueryParameter("status", "failure");
      ApiResponse r = expect(transport.get(token, url.build()), 200, GitHubErrorMapper.Target.HOOK);
      HttpUrl next = nextPage(r);
      // deliveries page by an opaque cursor that only GitHub may build; hand it back unchanged
      String nextCursor = next == null ? null : next.queryParameter("cursor");
      return new Page<>(json.deliveries(json.read(r), r), nextCursor);
    });
  }

  @Override
  public ProviderResult<Redelivery> redeliver(Secret token, ProviderRepoRef repo, String providerHookId, String providerDeliveryId) {
    return call(() -> {
      if (providerDeliveryId == null || !NUMERIC_ID.matcher(providerDeliveryId).matches()) {
        throw new GitHubCallException(FailureReason.HOOK_NOT_FOUND, "a GitHub delivery id is numeric");
      }
      HttpUrl attempts =
          hookUrl(repo, providerHookId).newBuilder()
              .addPathSegment("deliveries").addPathSegment(providerDeliveryId).addPathSegment("attempts").build();
      ApiResponse r = transport.mutate(token, "POST", attempts, "{}");
      if (r.code() != 202 && r.code() != 200 && r.code() != 201) throw errors.map(r, GitHubErrorMapper.Target.HOOK);
      return Redelivery.REQUESTED;
    });
  }

  // --- helpers ---

  /**
   * A 404 on {@code /hooks} hides two different situations: the repository is invisible, or it is
   * visible but the caller is not an admin (GitHub hides hooks behind 404). One extra read tells
   * them apart, so the user sees "not allowed" instead of "not found" for a repository they can open.
   */
  private GitHubCallException hooksCollectionFailure(Secret token, ProviderRepoRef repo, ApiResponse r)
      throws GitHubCallException {
    GitHubCallException failure = errors.map(r, GitHubErrorMapper.Target.REPOSITORY);
    if (failure.failure().reason() != FailureReason.REPOSITORY_NOT_FOUND) return failure;
    ApiResponse probe = transport.get(token, repoUrl(repo));
    if (probe.code() == 200) {
      return new GitHubCallException(
          FailureReason.INSUFFICIENT_PERMISSIONS,
          "the repository is visible to the token but its webhooks are not: admin access is required");
    }
    return failure;
  }

  /**
   * Whether the repository is visible to the token without admin rights. A repository that is gone
   * took its hooks with it, so only this case keeps a hook deletion pending.
   */
  private boolean lostAdminRights(Secret token, ProviderRepoRef repo) throws GitHubCallException {
    ApiResponse probe = transport.get(token, repoUrl(repo));
    if (probe.code() != 200) return false;
    AccessLevel access = ApiJson.access(json.read(probe).path("permissions"));
    return access != AccessLevel.ADMIN && access != AccessLevel.UNKNOWN;
  }

  private ApiResponse expect(ApiResponse r, int status, GitHubErrorMapper.Target target) throws GitHubCallException {
    if (r.code() == status) return r;
    throw errors.map(r, target);
  }

  private HttpUrl nextPage(ApiResponse r) throws GitHubCallException {
    String next = LinkHeader.next(r.header("Link"));
    if (next == null) return null;
    HttpUrl url = r.url().resolve(next);
    if (url == null || !GitHubTransport.sameOrigin(base, url)) {
      throw new GitHubCallException(FailureReason.PROVIDER_UNAVAILABLE, "GitHub's next-page link points elsewhere");
    }
    return url;
  }

  private HttpUrl url(String segments) {
    return base.newBuilder().addPathSegments(segments).build();
  }

  private HttpUrl repoUrl(String fullName) throws GitHubCallException {
    if (fullName == null || !FULL_NAME.matcher(fullName).matches() || fullName.contains("..")) {
      throw new GitHubCallException(FailureReason.REPOSITORY_NOT_FOUND, "not a GitHub repository name: owner/name expected");
    }
    int slash = fullName.indexOf('/');
    return base.newBuilder().addPathSegment("repos").addPathSegment(fullName.substring(0, slash))
        .addPathSegment(fullName.substring(slash + 1)).build();
  }

  /** By full name, as the port says; by stable id when no name is known. */
  private HttpUrl repoUrl(ProviderRepoRef repo) throws GitHubCallException {
    if (repo.fullName().isBlank() && repo.providerRepoId() > 0) {
      return base.newBuilder().addPathSegment("repositories").addPathSegment(Long.toString(repo.providerRepoId())).build();
    }
    return repoUrl(repo.fullName());
  }

  private HttpUrl hookUrl(ProviderRepoRef repo, String providerHookId) throws GitHubCallException {
    if (providerHookId == null || !NUMERIC_ID.matcher(providerHookId).matches()) {
      throw new GitHubCallException(FailureReason.HOOK_NOT_FOUND, "a GitHub hook id is numeric");
    }
    return repoUrl(repo).newBuilder().addPathSegment("hooks").addPathSegment(providerHookId).build();
  }

  private static <T> ProviderResult<T> call(Operation<T> operation) {
    try {
      return ProviderResult.ok(operation.run());
    } catch (GitHubCallException e) {
      return ProviderResult.failed(e.failure());
    } catch (RuntimeException e) {
      // a defect in mapping must not escape the port as an exception either
      log.warn("unexpected failure while calling GitHub", e);
      return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "unexpected GitHub answer (" + e.getClass().getSimpleName() + ")");
    }
  }

  @FunctionalInterface
  private interface Operation<T> {
    T run() throws GitHubCallException;
  }
}
