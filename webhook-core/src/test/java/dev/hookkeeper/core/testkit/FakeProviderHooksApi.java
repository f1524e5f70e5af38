package dev.hookkeeper.core.testkit;

import static dev.hookkeeper.core.testkit.FakeProviderState.then;

import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderFailure;
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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A stateful in-memory provider: repositories, tokens with per-repository access, hooks with the
 * secrets they were given, a hook limit, outages, rate limiting, scripted failures and a record
 * of every call. Behaves like GitHub's hooks API where it matters to the core (admin needed for
 * hooks, duplicate urls refused on GitHub, deleting a gone hook is success). Thread-safe.
 *
 * <pre>{@code
 * FakeProviderHooksApi github = FakeProviderHooksApi.github();
 * github.addRepository("octo/app", 42);
 * Secret alice = github.addToken("alice", AccessLevel.ADMIN);
 * }</pre>
 */
public final class FakeProviderHooksApi implements ProviderHooksApi {
  static final int PAGE_SIZE = 30;

  private final Provider provider;
  private final InstantSource clock;
  private final FakeProviderState state = new FakeProviderState();
  private final List<Call> calls = new ArrayList<>();
  private boolean down;
  private int rateLimitedRequests;
  private boolean pingSupported = true;
  private boolean rejectDuplicateUrls;
  private int hookLimit;

  public FakeProviderHooksApi(Provider provider, InstantSource clock) {
    this.provider = provider;
    this.clock = clock;
    this.rejectDuplicateUrls = provider == Provider.GITHUB; // GitHub 422s a second hook with one url
    this.hookLimit = provider == Provider.GITHUB ? 20 : 100;
  }

  public static FakeProviderHooksApi github() {
    return new FakeProviderHooksApi(Provider.GITHUB, InstantSource.system());
  }

  public static FakeProviderHooksApi gitlab() {
    return new FakeProviderHooksApi(Provider.GITLAB, InstantSource.system());
  }

  // ---- arranging the provider ----

  public synchronized ProviderRepoRef addRepository(String fullName, long providerRepoId) {
    return state.addRepository(fullName, providerRepoId, "main", true);
  }

  /** A token with {@code access} on every repository (until {@link #grant} says otherwise). */
  public synchronized Secret addToken(String login, AccessLevel access) {
    return state.addToken(login, access);
  }

  /** Sets the token's access on one repository; {@link AccessLevel#NONE} hides it. */
  public synchronized void grant(Secret token, String fullName, AccessLevel access) {
    state.grant(token, fullName, access);
  }

  /** The provider forgets the token: it is rejected as invalid from now on. */
  public synchronized void revoke(Secret token) {
    state.revoke(token);
  }

  /** Renames the repository; the old name keeps redirecting, as GitHub does. */
  public synchronized void renameRepository(String fullName, String newFullName) {
    state.rename(fullName, newFullName);
  }

  /** A delivery in the provider's own log of the hook. */
  public synchronized void addDelivery(String providerHookId, ProviderDelivery delivery) {
    state.hook(providerHookId).orElseThrow().deliveries().add(delivery);
  }

  /** Someone deletes the hook in the provider's UI. */
  public synchronized void deleteHookAtProvider(String providerHookId) {
    state.removeHook(providerHookId);
  }

  /** Adds a hook nobody in Hookkeeper made (another integration). */
  public synchronized String addForeignHook(String fullName, String url) {
    return state.addHook(state.repository(fullName).orElseThrow(), url, List.of("push"),
        Secret.of("foreign-secret")).id();
  }

  /** Fills the repository with foreign hooks up to the hook limit. */
  public synchronized void fillHookLimit(String fullName) {
    FakeProviderState.Repo repo = state.repository(fullName).orElseThrow();
    while (repo.hooks().size() < hookLimit) {
      addForeignHook(fullName, "https://other.example/" + repo.hooks().size());
    }
  }

  // ---- faults ----

  /** Every request fails as a 5xx until {@link #comeBack()}. */
  public synchronized void goDown() {
    down = true;
  }

  public synchronized void comeBack() {
    down = false;
  }

  /** The next {@code requests} requests are rate-limited, with a retry time 60 s ahead. */
  public synchronized void rateLimitNext(int requests) {
    rateLimitedRequests = requests;
  }

  /** The next call of {@code operation} fails with {@code failure}; scripts queue up in order. */
  public synchronized void failNext(Operation operation, ProviderFailure failure) {
    state.script(operation, failure);
  }

  public synchronized void failNext(Operation operation, FailureReason reason) {
    failNext(operation, ProviderFailure.of(reason, "scripted " + reason.code()));
  }

  public synchronized void pingSupported(boolean supported) {
    pingSupported = supported;
  }

  public synchronized void rejectDuplicateUrls(boolean reject) {
    rejectDuplicateUrls = reject;
  }

  public synchronized void hookLimit(int limit) {
    hookLimit = limit;
  }

  // ---- inspecting ----

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<Call> calls(Operation operation) {
    return calls.stream().filter(c -> c.operation() == operation).toList();
  }

  public synchronized void clearCalls() {
    calls.clear();
  }

  /** The hooks of the repository as the provider lists them. */
  public synchronized List<ProviderHook> hooks(String fullName) {
    return state.repository(fullName).orElseThrow().hooks().stream().map(FakeProviderState.Hook::view).toList();
  }

  /** The secret the provider holds for the hook; the API never returns it. */
  public synchronized Optional<String> secretOf(String providerHookId) {
    return state.hook(providerHookId).map(h -> h.secret().reveal());
  }

  // ---- the API ----

  @Override
  public Provider provider() {
    return provider;
  }

  @Override
  public synchronized ProviderResult<TokenIdentity> identify(Secret token) {
    return call(Operation.IDENTIFY, token, null, null, () -> state.identity(token)
        .<ProviderResult<TokenIdentity>>map(ProviderResult::ok)
        .orElseGet(FakeProviderHooksApi::invalidToken));
  }

  @Override
  public synchronized ProviderResult<ProviderRepository> getRepository(Secret token, String fullName) {
    return call(Operation.GET_REPOSITORY, token, fullName, null, () -> state.visible(token, fullName)
        .map(v -> new ProviderRepository(provider, v.repo().id(), v.repo().fullName(),
            v.repo().defaultBranch(), v.repo().privateRepo(), v.access())));
  }

  @Override
  public synchronized ProviderResult<List<ProviderHook>> listHooks(Secret token, ProviderRepoRef repo) {
    return call(Operation.LIST_HOOKS, token, repo.fullName(), null, () -> state.admin(token, repo)
        .map(r -> r.hooks().stream().map(FakeProviderState.Hook::view).toList()));
  }

  @Override
  public synchronized ProviderResult<ProviderHook> createHook(Secret token, ProviderRepoRef repo, HookSpec spec) {
    return call(Operation.CREATE_HOOK, token, repo.fullName(), null, () -> then(state.admin(token, repo), r -> {
      if (rejectDuplicateUrls && r.hooks().stream().anyMatch(h -> h.url().equals(spec.url()))) {
        return ProviderResult.failed(FailureReason.HOOK_ALREADY_EXISTS, "Hook already exists on this repository");
      }
      if (r.hooks().size() >= hookLimit) {
        return ProviderResult.failed(FailureReason.HOOK_LIMIT_REACHED, "The repository has reached its hook limit");
      }
      return ProviderResult.ok(state.addHook(r, spec.url(), spec.events(), spec.secret()).view());
    }));
  }

  @Override
  public synchronized ProviderResult<ProviderHook> updateHook(
      Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec) {
    return call(Operation.UPDATE_HOOK, token, repo.fullName(), providerHookId, () -> then(state.admin(token, repo),
        r -> r.hook(providerHookId)
            .<ProviderResult<ProviderHook>>map(h -> ProviderResult.ok(h.update(spec).view()))
            .orElseGet(() -> ProviderResult.failed(FailureReason.HOOK_NOT_FOUND, "Not Found"))));
  }

  @Override
  public synchronized ProviderResult<DeleteOutcome> deleteHook(Secret token, ProviderRepoRef repo, String providerHookId) {
    return call(Operation.DELETE_HOOK, token, repo.fullName(), providerHookId, () -> state.admin(token, repo)
        .map(r -> r.removeHook(providerHookId) ? DeleteOutcome.DELETED : DeleteOutcome.ALREADY_GONE));
  }

  @Override
  public synchronized ProviderResult<PingOutcome> ping(Secret token, ProviderRepoRef repo, String providerHookId) {
    return call(Operation.PING, token, repo.fullName(), providerHookId, () -> then(state.admin(token, repo),
        r -> {
          if (!pingSupported) return ProviderResult.ok(PingOutcome.NOT_SUPPORTED);
          return r.hook(providerHookId).isPresent()
              ? ProviderResult.ok(PingOutcome.SENT)
              : ProviderResult.failed(FailureReason.HOOK_NOT_FOUND, "Not Found");
        }));
  }

  @Override
  public synchronized ProviderResult<Page<ProviderDelivery>> listDeliveries(
      Secret token, ProviderRepoRef repo, String providerHookId, String cursor, boolean failedOnly) {
    return call(Operation.LIST_DELIVERIES, token, repo.fullName(), providerHookId, () -> then(state.admin(token, repo),
        r -> r.hook(providerHookId)
            .<ProviderResult<Page<ProviderDelivery>>>map(h -> ProviderResult.ok(page(h, cursor, failedOnly)))
            .orElseGet(() -> ProviderResult.failed(FailureReason.HOOK_NOT_FOUND, "Not Found"))));
  }

  @Override
  public synchronized ProviderResult<Redelivery> redeliver(
      Secret token, ProviderRepoRef repo, String providerHookId, String providerDeliveryId) {
    return call(Operation.REDELIVER, token, repo.fullName(), providerHookId, () -> then(state.admin(token, repo),
        r -> r.hook(providerHookId)
            .filter(h -> h.deliveries().stream().anyMatch(d -> d.providerDeliveryId().equals(providerDeliveryId)))
            .<ProviderResult<Redelivery>>map(h -> ProviderResult.ok(Redelivery.REQUESTED))
            .orElseGet(() -> ProviderResult.failed(FailureReason.HOOK_NOT_FOUND, "Not Found"))));
  }

  private static Page<ProviderDelivery> page(FakeProviderState.Hook hook, String cursor, boolean failedOnly) {
    List<ProviderDelivery> all = hook.deliveries().stream()
        .filter(d -> !failedOnly || !d.success())
        .sorted(Comparator.comparing(ProviderDelivery::deliveredAt).reversed())
        .toList();
    int from = cursor == null ? 0 : Integer.parseInt(cursor);
    int to = Math.min(all.size(), from + PAGE_SIZE);
    return new Page<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
  }

  private <T> ProviderResult<T> call(
      Operation op, Secret token, String repo, String hookId, Supplier<ProviderResult<T>> work) {
    calls.add(new Call(op, token, repo, hookId));
    if (down) return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "502 Bad Gateway");
    if (rateLimitedRequests > 0) {
      rateLimitedRequests--;
      return ProviderResult.failed(new ProviderFailure(FailureReason.RATE_LIMITED, "API rate limit exceeded",
          clock.instant().plus(Duration.ofSeconds(60))));
    }
    Optional<ProviderFailure> scripted = state.nextScripted(op);
    if (scripted.isPresent()) return ProviderResult.failed(scripted.get());
    if (state.identity(token).isEmpty()) return invalidToken();
    return work.get();
  }

  static <T> ProviderResult<T> invalidToken() {
    return ProviderResult.failed(FailureReason.TOKEN_INVALID, "Bad credentials");
  }

  /** The API operations, for scripting failures and reading the call record. */
  public enum Operation {
    IDENTIFY, GET_REPOSITORY, LIST_HOOKS, CREATE_HOOK, UPDATE_HOOK, DELETE_HOOK, PING, LIST_DELIVERIES, REDELIVER
  }

  /** One recorded call; {@code repository} and {@code providerHookId} are null where not applicable. */
  public record Call(Operation operation, Secret token, String repository, String providerHookId) {}
}
