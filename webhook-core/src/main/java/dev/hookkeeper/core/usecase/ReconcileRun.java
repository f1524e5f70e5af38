package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.ReconcileSettings;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.usecase.ReconcileReport.Finding;
import dev.hookkeeper.core.usecase.ReconcileReport.FindingKind;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One reconcile of one hook while it runs: the hook and repository as last seen, the token in use,
 * what was found and done, and whether recovery got through. Every provider call goes through
 * {@link #call}, which stops the reconcile ({@link BudgetLow}) when the token's budget is below the
 * floor or the provider rate-limits it, and refreshes a token the provider calls expired. Not
 * thread-safe: one per reconcile.
 */
final class ReconcileRun {
  private static final Duration RATE_LIMIT_WAIT = Duration.ofSeconds(60);

  final Instant started;

  /**
   * The last delivery before this reconcile began (else the hook's creation): where a gap starts.
   * Read once: the repairs' own test deliveries arrive meanwhile and must not move it.
   */
  final Instant lastDeliveryBefore;

  final InstantSource clock;
  final ReconcileSettings settings;
  final ProviderHooksApi api;
  final List<Finding> found = new ArrayList<>();
  final List<HookEvent> did = new ArrayList<>();
  RepositoryHook hook;
  Repository repo;
  UserId user;
  Secret token;
  int redelivered;

  /** Redeliveries that did not reach us within the wait: no sign that the provider reaches us. */
  int unarrived;

  int caughtUp;

  /**
   * The provider was not delivering (the hook missing, switched off or disabled, never created):
   * what happened meanwhile was never attempted, so it is not in its delivery log either.
   */
  boolean gap;

  /**
   * The provider's hook was put back (secret resent) in this reconcile: a second update would
   * change nothing.
   */
  boolean resent;

  /** False once something keeps the recovery checkpoint from moving. */
  boolean recoveryComplete = true;

  /** Why the reconcile stopped early; {@code null} while it goes on. */
  ProviderFailure error;

  private final Credentials credentials;

  ReconcileRun(
      RepositoryHook hook,
      Repository repo,
      ProviderHooksApi api,
      ReconcileSettings settings,
      Credentials credentials,
      InstantSource clock) {
    this.hook = hook;
    this.repo = repo;
    this.api = api;
    this.settings = settings;
    this.credentials = credentials;
    this.clock = clock;
    this.started = clock.instant();
    this.lastDeliveryBefore =
        hook.lastDeliveryAt() != null ? hook.lastDeliveryAt() : hook.createdAt();
  }

  void use(UserId newUser, Secret newToken) {
    this.user = newUser;
    this.token = newToken;
  }

  ProviderRepoRef ref() {
    return new ProviderRepoRef(repo.providerRepoId(), repo.fullName());
  }

  void found(FindingKind kind, String detail) {
    found.add(new Finding(kind, detail));
  }

  void did(HookEvent event) {
    did.add(event);
  }

  /** Recovery did not get through: the checkpoint stays, and the reconcile reports why. */
  void incomplete(ProviderFailure failure) {
    recoveryComplete = false;
    if (failure != null && error == null) error = failure;
  }

  /**
   * A provider call with the current token: not made when the token's budget is below the floor;
   * made once more with a renewed token when the provider refuses the token (expired or invalid)
   * and it was stored with a refresh token.
   *
   * @throws BudgetLow when the budget is low or the provider rate-limited the call
   */
  <T> ProviderResult<T> call(Supplier<ProviderResult<T>> request) {
    guardBudget();
    ProviderResult<T> result = request.get();
    if (!result.isOk()
        && (result.failure().reason() == FailureReason.TOKEN_EXPIRED
            || result.failure().reason() == FailureReason.TOKEN_INVALID)) {
      // a 401 on a token stored with a refresh token: renewed first, and only a renewal that fails
      // too
      // leaves the token lost (a token stored without one is not renewable and is lost at once)
      Optional<Secret> refreshed = credentials.afterExpiry(user, hook.provider());
      if (refreshed.isPresent()) {
        token = refreshed.get();
        found(
            FindingKind.TOKEN_REFRESHED,
            "the provider refused the token ("
                + result.failure().reason().code()
                + "); it was renewed with its refresh token");
        guardBudget();
        result = request.get();
      }
    }
    if (!result.isOk() && result.failure().reason() == FailureReason.RATE_LIMITED) {
      ProviderFailure f = result.failure();
      Instant until = f.retryAt() != null ? f.retryAt() : clock.instant().plus(RATE_LIMIT_WAIT);
      error = f;
      throw new BudgetLow(
          until, "rate limited by the provider until " + until + ": " + f.message());
    }
    return result;
  }

  private void guardBudget() {
    Instant now = clock.instant();
    Optional<RateBudget> budget = api.rateBudget(token);
    if (budget.isPresent() && budget.get().isBelow(settings.budgetFloor(), now)) {
      RateBudget b = budget.get();
      String why =
          b.remaining()
              + " of "
              + b.limit()
              + " requests left until "
              + b.resetAt()
              + "; the rest is left to users";
      found(FindingKind.RATE_BUDGET_LOW, why);
      error =
          ProviderFailure.of(
              FailureReason.RATE_LIMITED,
              "rate budget below " + Math.round(settings.budgetFloor() * 100) + " %: " + why);
      throw new BudgetLow(b.resetAt(), why);
    }
  }
}
