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
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenIdentity;
import dev.hookkeeper.core.port.ProviderHooksApi;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A stateful in-memory provider: repositories, tokens with per-repository access, hooks with the
 * secrets they were given and their health, delivery logs with retention, CI runs, a per-token
 * request budget, outages, scripted failures and a record of every call. Behaves like GitHub's
 * hooks API where it matters to the core (admin needed for hooks, duplicate urls refused on
 * GitHub, deleting a gone hook is success). Thread-safe. {@link #runs()} and {@link
 * #repositories()} are the other two provider ports over the same data, with their own controls.
 * Unlike GitLab it does not auto-disable failing hooks: {@link FakeOutOfBand#disableHook} does it.
 *
 * <pre>{@code
 * FakeProviderHooksApi github = FakeProviderHooksApi.github();
 * github.addRepository("octo/app", 42);
 * Secret alice = github.addToken("alice", AccessLevel.ADMIN);
 * github.runs().fireRun("octo/app", false);         // a failed run, delivered to subscribed hooks
 * github.outOfBand().deactivateHook(hookId);         // a person switches the hook off
 * }</pre>
 */
public final class FakeProviderHooksApi implements ProviderHooksApi {
  private final Provider provider;
  final InstantSource clock;
  final FakeProviderState state = new FakeProviderState();
  final FakeDeliveries deliveries;
  private final FakeProviderCalls calls = new FakeProviderCalls();
  private final FakeRateBudgets budgets;
  private final FakeProviderRunsApi runs;
  private final FakeProviderRepositoriesApi repositories;
  private final FakeOutOfBand outOfBand = new FakeOutOfBand(this);
  private boolean pingSupported = true;
  private boolean rejectDuplicateUrls;
  private int hookLimit;

  public FakeProviderHooksApi(Provider provider, InstantSource clock) {
    this.provider = provider;
    this.clock = clock;
    this.deliveries = new FakeDeliveries(provider, state);
    this.budgets = new FakeRateBudgets(clock);
    this.rejectDuplicateUrls = provider == Provider.GITHUB; // GitHub 422s a second hook with one url
    this.hookLimit = provider == Provider.GITHUB ? 20 : 100;
    this.runs = new FakeProviderRunsApi(this);
    this.repositories = new FakeProviderRepositoriesApi(this);
  }

  public static FakeProviderHooksApi github() {
    return new FakeProviderHooksApi(Provider.GITHUB, InstantSource.system());
  }

  public static FakeProviderHooksApi gitlab() {
    return new FakeProviderHooksApi(Provider.GITLAB, InstantSource.system());
  }

  /** The runs port over this fake's data, and the controls to fire runs. */
  public FakeProviderRunsApi runs() {
    return runs;
  }

  /** The repositories port over this fake's data, and the controls to archive or delete one. */
  public FakeProviderRepositoriesApi repositories() {
    return repositories;
  }

  /** People, tokens and repositories changing at the provider behind Hookkeeper's back. */
  public FakeOutOfBand outOfBand() {
    return outOfBand;
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

  /** A delivery in the provider's own log of the hook (kept for the provider's retention, see {@link #clock}). */
  public synchronized void addDelivery(String providerHookId, ProviderDelivery delivery) {
    state.hook(providerHookId).orElseThrow().deliveries.add(delivery);
  }

  /** What the receiver behind every hook answers from now on; 0 = it refuses the connection. */
  public synchronized void receiverAnswers(int status) {
    deliveries.receiverStatus = status;
  }

  /** Adds a hook nobody in Hookkeeper made (another integration). */
  public synchronized String addForeignHook(String fullName, String url) {
    return state.addHook(state.repository(fullName).orElseThrow(), url, List.of("push"), Secret.of("foreign-secret")).id;
  }

  /** Fills the repository with foreign hooks up to the hook limit. */
  public synchronized void fillHookLimit(String fullName) {
    FakeProviderState.Repo repo = state.repository(fullName).orElseThrow();
    while (repo.hooks.size() < hookLimit) addForeignHook(fullName, "https://other.example/" + repo.hooks.size());
  }

  // ---- faults ----

  /** Every request fails as a 5xx until {@link #comeBack()}. */
  public synchronized void goDown() {
    calls.down = true;
  }

  public synchronized void comeBack() {
    calls.down = false;
  }

  /** The next {@code requests} requests are rate-limited, with a retry time 60 s ahead. */
  public synchronized void rateLimitNext(int requests) {
    calls.rateLimitedRequests = requests;
  }

  /** Each token may make {@code limit} requests per {@code window} (default 5,000 an hour), then is rate-limited. */
  public synchronized void rateBudget(int limit, Duration window) {
    budgets.configure(limit, window);
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
    return calls.all();
  }

  public synchronized List<Call> calls(Operation operation) {
    return calls.all().stream().filter(c -> c.operation() == operation).toList();
  }

  public synchronized void clearCalls() {
    calls.clear();
  }

  /** The hooks of the repository as the provider lists them. */
  public synchronized List<ProviderHook> hooks(String fullName) {
    return state.repository(fullName).orElseThrow().hooks.stream().map(FakeProviderState.Hook::view).toList();
  }

  /** The secret the provider holds for the hook; the API never returns it. */
  public synchronized Optional<String> secretOf(String providerHookId) {
    return state.hook(providerHookId).map(h -> h.secret.reveal());
  }

  // ---- the API ----

  @Override
  public Provider provider() {
    return provider;
  }

  @Override
  public synchronized Optional<RateBudget> rateBudget(Secret token) {
    return budgets.of(token);
  }

  @Override
  public synchronized ProviderResult<TokenIdentity> identify(Secret token) {
    return call(Operation.IDENTIFY, token, null, null, () -> ProviderResult.ok(state.identity(token).orElseThrow()));
  }

  @Override
  public synchronized ProviderResult<ProviderRepository> getRepository(Secret token, String fullName) {
    return call(Operation.GET_REPOSITORY, token, fullName, null,
        () -> state.visible(token, state.repository(fullName)).map(v -> v.describe(provider)));
  }

  @Override
  public synchronized ProviderResult<List<ProviderHook>> listHooks(Secret token, ProviderRepoRef repo) {
    return call(Operation.LIST_HOOKS, token, repo.fullName(), null, () -> state.admin(token, repo)
        .map(r -> r.hooks.stream().map(FakeProviderState.Hook::view).toList()));
  }

  @Override
  public synchronized ProviderResult<ProviderHook> getHook(Secret token, ProviderRepoRef repo, String providerHookId) {
    return call(Operation.GET_HOOK, token, repo.fullName(), providerHookId,
        () -> then(state.admin(token, repo), r -> r.found(providerHookId).map(FakeProviderState.Hook::view)));
  }

  @Override
  public synchronized ProviderResult<ProviderHook> createHook(Secret token, ProviderRepoRef repo, HookSpec spec) {
    return call(Operation.CREATE_HOOK, token, repo.fullName(), null, () -> then(state.writable(token, repo), r -> {
      if (rejectDuplicateUrls && r.hooks.stream().anyMatch(h -> h.url.equals(spec.url()))) {
        return ProviderResult.failed(FailureReason.HOOK_ALREADY_EXISTS, "Hook already exists on this repository");
      }
      if (r.hooks.size() >= hookLimit) {
        return ProviderResult.failed(FailureReason.HOOK_LIMIT_REACHED, "The repository has reached its hook limit");
      }
      return ProviderResult.ok(state.addHook(r, spec.url(), spec.events(), spec.secret()).view());
    }));
  }

  @Override
  public synchronized ProviderResult<ProviderHook> updateHook(
      Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec) {
    return call(Operation.UPDATE_HOOK, token, repo.fullName(), providerHookId, () -> then(state.writable(token, repo),
        r -> r.found(providerHookId).map(h -> h.update(spec).view())));
  }

  /** GitHub: the update switches it on. GitLab: the update, then a test delivery that must get a 2xx. */
  @Override
  public synchronized ProviderResult<ProviderHook> reenableHook(
      Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec) {
    return call(Operation.REENABLE_HOOK, token, repo.fullName(), providerHookId, () -> then(state.writable(token, repo),
        r -> then(r.found(providerHookId), h -> deliveries.reenable(h.update(spec), clock.instant()))));
  }

  @Override
  public synchronized ProviderResult<DeleteOutcome> deleteHook(Secret token, ProviderRepoRef repo, String providerHookId) {
    return call(Operation.DELETE_HOOK, token, repo.fullName(), providerHookId, () -> state.writable(token, repo)
        .map(r -> r.removeHook(providerHookId) ? DeleteOutcome.DELETED : DeleteOutcome.ALREADY_GONE));
  }

  @Override
  public synchronized ProviderResult<PingOutcome> ping(Secret token, ProviderRepoRef repo, String providerHookId) {
    return call(Operation.PING, token, repo.fullName(), providerHookId, () -> then(state.admin(token, repo),
        r -> pingSupported ? r.found(providerHookId).map(h -> PingOutcome.SENT) : ProviderResult.ok(PingOutcome.NOT_SUPPORTED)));
  }

  @Override
  public synchronized ProviderResult<Page<ProviderDelivery>> listDeliveries(
      Secret token, ProviderRepoRef repo, String providerHookId, String cursor, boolean failedOnly) {
    return call(Operation.LIST_DELIVERIES, token, repo.fullName(), providerHookId, () -> then(state.admin(token, repo),
        r -> r.found(providerHookId).map(h -> deliveries.page(h, cursor, failedOnly, clock.instant()))));
  }

  /** A new attempt of the logged delivery, same guid, against the receiver's current answer. */
  @Override
  public synchronized ProviderResult<Redelivery> redeliver(
      Secret token, ProviderRepoRef repo, String providerHookId, String providerDeliveryId) {
    return call(Operation.REDELIVER, token, repo.fullName(), providerHookId, () -> then(state.writable(token, repo),
        r -> then(r.found(providerHookId), h -> deliveries.find(h, providerDeliveryId, clock.instant())
            .<ProviderResult<Redelivery>>map(d -> {
              deliveries.attempt(h, d.guid(), d.event(), d.action(), true, clock.instant());
              return ProviderResult.ok(Redelivery.REQUESTED);
            })
            .orElseGet(() -> ProviderResult.failed(FailureReason.DELIVERY_NOT_FOUND, "Not Found")))));
  }

  /** Every port of this fake goes through here: the call record, faults, the token, the budget. */
  synchronized <T> ProviderResult<T> call(
      Operation op, Secret token, String repo, String hookId, Supplier<ProviderResult<T>> work) {
    Optional<ProviderFailure> refused = calls.record(new Call(op, token, repo, hookId), clock);
    if (refused.isEmpty()) refused = state.nextScripted(op);
    if (refused.isEmpty()) refused = state.tokenRefusal(token);
    if (refused.isEmpty()) refused = budgets.spend(token);
    return refused.<ProviderResult<T>>map(ProviderResult::failed).orElseGet(work);
  }

  /** The API operations, for scripting failures and reading the call record. */
  public enum Operation {
    IDENTIFY, GET_REPOSITORY, LIST_HOOKS, GET_HOOK, CREATE_HOOK, UPDATE_HOOK, REENABLE_HOOK, DELETE_HOOK, PING,
    LIST_DELIVERIES, REDELIVER, LIST_RUNS, GET_RUN, LIST_JOBS, GET_REPOSITORY_BY_ID
  }

  /** One recorded call; {@code repository} and {@code providerHookId} are null where not applicable. */
  public record Call(Operation operation, Secret token, String repository, String providerHookId) {}
}
