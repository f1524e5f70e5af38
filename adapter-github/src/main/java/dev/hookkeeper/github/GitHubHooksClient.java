package dev.hookkeeper.github;

import static dev.hookkeeper.github.GitHubApi.call;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenIdentity;
import dev.hookkeeper.core.port.ProviderHooksApi;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * GitHub's repository-webhooks REST API ({@code /repos/{owner}/{repo}/hooks…}) on OkHttp. Never
 * throws for HTTP or I/O problems: every failure is a {@link ProviderResult.Failed}. Tokens and
 * secrets never appear in logs or failure messages. Thread-safe; share one instance, and take the
 * runs and repositories clients from it ({@link #runsClient()}, {@link #repositoriesClient()}) so
 * all three share one connection, one mutation gate and one budget per token.
 */
public final class GitHubHooksClient implements ProviderHooksApi {
  public static final String DEFAULT_BASE_URL = "https://api.github.com";
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

  private final GitHubApi api;
  private final GitHubRunsClient runs;
  private final GitHubRepositoriesClient repositories;
  private final GitHubAccountsClient accounts;

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

  /** @param clock stamps rate budgets and turns {@code Retry-After} into a time */
  public GitHubHooksClient(String baseUrl, OkHttpClient sharedHttp, Settings settings, InstantSource clock) {
    Objects.requireNonNull(baseUrl, "baseUrl == null");
    Objects.requireNonNull(sharedHttp, "sharedHttp == null");
    Objects.requireNonNull(settings, "settings == null");
    Objects.requireNonNull(clock, "clock == null");
    this.api = new GitHubApi(baseUrl, sharedHttp, settings, clock);
    this.runs = new GitHubRunsClient(api);
    this.repositories = new GitHubRepositoriesClient(api);
    this.accounts = new GitHubAccountsClient(api);
  }

  public static OkHttpClient defaultHttpClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(15))
        .writeTimeout(Duration.ofSeconds(15))
        .callTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** The Actions runs client sharing this client's connection and budgets. */
  public GitHubRunsClient runsClient() {
    return runs;
  }

  /** The repositories client sharing this client's connection and budgets. */
  public GitHubRepositoriesClient repositoriesClient() {
    return repositories;
  }

  /** The accounts client (who a token is, what it administers), sharing this client's connection and budgets. */
  public GitHubAccountsClient accountsClient() {
    return accounts;
  }

  @Override
  public Provider provider() {
    return Provider.GITHUB;
  }

  @Override
  public Optional<RateBudget> rateBudget(Secret token) {
    return api.budgets.of(token);
  }

  @Override
  public ProviderResult<TokenIdentity> identify(Secret token) {
    return call(() -> {
      ApiResponse r = api.expect(api.transport.get(token, api.url("user")), 200, GitHubErrorMapper.Target.USER);
      return new TokenIdentity(api.json.login(api.json.read(r), r), OAuthScopes.asList(OAuthScopes.parse(r.header("X-OAuth-Scopes"))));
    });
  }

  @Override
  public ProviderResult<ProviderRepository> getRepository(Secret token, String fullName) {
    return call(() -> {
      ApiResponse r = api.expect(api.transport.get(token, api.repoUrl(fullName)), 200, GitHubErrorMapper.Target.REPOSITORY);
      ProviderRepository repo = api.json.repository(api.json.read(r), r);
      Set<String> scopes = OAuthScopes.parse(r.header("X-OAuth-Scopes"));
      // A classic token that could see the repository but not manage its hooks is refused here,
      // before any hook call; a fine-grained token (no scopes header) is judged by the hook calls.
      if (scopes != null && !OAuthScopes.canManageHooks(scopes, repo.privateRepo())) {
        throw new GitHubCallException(
            FailureReason.TOKEN_SCOPE_MISSING,
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
      HttpUrl next = api.repoUrl(repo).newBuilder().addPathSegment("hooks").addQueryParameter("per_page", "100").build();
      for (int page = 0; next != null; page++) {
        if (page == MAX_PAGES) throw new GitHubCallException(FailureReason.PROVIDER_UNAVAILABLE, "more than " + MAX_PAGES + " pages of hooks");
        ApiResponse r = api.transport.get(token, next);
        if (r.code() != 200) throw api.hooksCollectionFailure(token, repo, r);
        all.addAll(api.json.hooks(api.json.read(r), r));
        next = api.nextPage(r);
      }
      return all;
    });
  }

  @Override
  public ProviderResult<ProviderHook> getHook(Secret token, ProviderRepoRef repo, String providerHookId) {
    return call(() -> {
      ApiResponse r = api.transport.get(token, api.hookUrl(repo, providerHookId));
      if (r.code() != 200) throw hookFailure(token, repo, r);
      return api.json.hook(api.json.read(r), r);
    });
  }

  @Override
  public ProviderResult<ProviderHook> createHook(Secret token, ProviderRepoRef repo, HookSpec spec) {
    return call(() -> {
      HttpUrl hooks = api.repoUrl(repo).newBuilder().addPathSegment("hooks").build();
      ApiResponse r = api.transport.mutate(token, "POST", hooks, api.json.createBody(spec));
      if (r.code() != 201 && r.code() != 200) throw api.hooksCollectionFailure(token, repo, r);
      return api.json.hook(api.json.read(r), r);
    });
  }

  /**
   * One {@code PATCH /hooks/{id}} with the whole config, the secret always included (a config
   * without it removes the secret, provider-facts 0.3), the events, and {@code active: true}.
   */
  @Override
  public ProviderResult<ProviderHook> updateHook(Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec) {
    return call(() -> {
      ApiResponse r = api.transport.mutate(token, "PATCH", api.hookUrl(repo, providerHookId), api.json.updateBody(spec));
      if (r.code() != 200) throw hookFailure(token, repo, r);
      return api.json.hook(api.json.read(r), r);
    });
  }

  /** GitHub switches a hook back on with {@code active: true}, which {@link #updateHook} always sends. */
  @Override
  public ProviderResult<ProviderHook> reenableHook(Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec) {
    return updateHook(token, repo, providerHookId, spec);
  }

  @Override
  public ProviderResult<DeleteOutcome> deleteHook(Secret token, ProviderRepoRef repo, String providerHookId) {
    return call(() -> {
      ApiResponse r = api.transport.mutate(token, "DELETE", api.hookUrl(repo, providerHookId), null);
      if (r.code() == 204 || r.code() == 200) return DeleteOutcome.DELETED;
      GitHubCallException failure = api.errors.map(r, GitHubErrorMapper.Target.HOOK);
      // a 404 is "already gone" only when neither the token's scopes (write:repo_hook cannot
      // delete, and GitHub answers that with a 404 too) nor a lost admin role explain it;
      // otherwise the hook would stay on GitHub while Hookkeeper forgets it
      if (failure.failure().reason() != FailureReason.HOOK_NOT_FOUND) throw failure;
      if (api.lostAdminRights(token, repo)) {
        throw new GitHubCallException(
            FailureReason.INSUFFICIENT_PERMISSIONS, "the token can see the repository but is not an admin of it; the hook may still exist");
      }
      return DeleteOutcome.ALREADY_GONE;
    });
  }

  @Override
  public ProviderResult<PingOutcome> ping(Secret token, ProviderRepoRef repo, String providerHookId) {
    return call(() -> {
      HttpUrl pings = api.hookUrl(repo, providerHookId).newBuilder().addPathSegment("pings").build();
      ApiResponse r = api.transport.mutate(token, "POST", pings, "{}");
      if (r.code() != 204) throw hookFailure(token, repo, r);
      return PingOutcome.SENT;
    });
  }

  @Override
  public ProviderResult<Page<ProviderDelivery>> listDeliveries(
      Secret token, ProviderRepoRef repo, String providerHookId, String cursor, boolean failedOnly) {
    return call(() -> {
      HttpUrl.Builder url = api.hookUrl(repo, providerHookId).newBuilder().addPathSegment("deliveries")
          .addQueryParameter("per_page", "100");
      // the cursor goes back exactly as GitHub wrote it into the Link header, encoding included
      if (cursor != null && !cursor.isBlank()) url.addEncodedQueryParameter("cursor", DeliveryCursor.checked(cursor));
      if (failedOnly) url.addQueryParameter("status", "failure");
      ApiResponse r = api.transport.get(token, url.build());
      if (r.code() != 200) throw hookFailure(token, repo, r);
      return new Page<>(api.json.deliveries(api.json.read(r), r), DeliveryCursor.next(api.nextPage(r)));
    });
  }

  @Override
  public ProviderResult<Redelivery> redeliver(Secret token, ProviderRepoRef repo, String providerHookId, String providerDeliveryId) {
    return call(() -> {
      if (providerDeliveryId == null || !GitHubApi.NUMERIC_ID.matcher(providerDeliveryId).matches()) {
        throw new GitHubCallException(FailureReason.DELIVERY_NOT_FOUND, "a GitHub delivery id is numeric");
      }
      HttpUrl attempts = api.hookUrl(repo, providerHookId).newBuilder()
          .addPathSegment("deliveries").addPathSegment(providerDeliveryId).addPathSegment("attempts").build();
      ApiResponse r = api.transport.mutate(token, "POST", attempts, "{}");
      if (r.code() == 202 || r.code() == 200 || r.code() == 201) return Redelivery.REQUESTED;
      if (r.code() == 400 || r.code() == 422) {
        // the documented refusals of a redelivery: GitHub will not (or can no longer) send this one
        throw new GitHubCallException(FailureReason.DELIVERY_NOT_FOUND,
            "GitHub refused to redeliver (" + r.code() + "): " + api.errors.map(r, GitHubErrorMapper.Target.HOOK).failure().message());
      }
      GitHubCallException failure = hookFailure(token, repo, r);
      if (failure.failure().reason() != FailureReason.HOOK_NOT_FOUND || !hookExists(token, repo, providerHookId)) throw failure;
      throw new GitHubCallException(FailureReason.DELIVERY_NOT_FOUND, "GitHub has no delivery " + providerDeliveryId + " for this hook");
    });
  }

  // --- helpers ---

  private GitHubCallException hookFailure(Secret token, ProviderRepoRef repo, ApiResponse r) throws GitHubCallException {
    return api.explainNotFound(token, repo, api.errors.map(r, GitHubErrorMapper.Target.HOOK), FailureReason.HOOK_NOT_FOUND);
  }

  private boolean hookExists(Secret token, ProviderRepoRef repo, String providerHookId) throws GitHubCallException {
    return api.transport.get(token, api.hookUrl(repo, providerHookId)).code() == 200;
  }
}
