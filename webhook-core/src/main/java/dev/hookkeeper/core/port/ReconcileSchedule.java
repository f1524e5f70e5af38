package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ReconcileState;
import dev.hookkeeper.core.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * When each hook is reconciled next, and who is reconciling it now: the coordination every instance
 * sharing the store goes through, so that a hook is repaired by one instance at a time and
 * reconciled once per interval by the cluster, not once per instance. A claim is a lease: it lapses
 * by itself if its holder dies. At most one hook per (provider, manager) is claimed at a time, so
 * one token reconciles one repository at a time across the cluster; a token can be paused (rate
 * limited, its budget low), and then none of its hooks is claimed until then.
 *
 * <p>Every hook row takes part: one without a schedule yet is first due {@code firstAfter} after it
 * was created (it was just compared with the provider when it was made). Thread-safe; each method
 * is atomic on its own (none needs the caller's transaction). Throws {@link
 * StoreUnavailableException} when the store is down.
 */
public interface ReconcileSchedule {

  /**
   * Claims the hook due soonest (at or before {@code now}) that nobody holds and whose token is
   * neither claimed nor paused, for {@code lease}. Race-free: concurrent callers never get the same
   * hook, nor two hooks of one token.
   *
   * @param firstAfter when a hook without a schedule is first due, counted from its creation
   */
  Optional<Claim> claimDue(Instant now, Duration lease, Duration firstAfter);

  /**
   * Claims this hook now, due or not (a reconcile or a rotation asked for through the API). Empty
   * when someone holds it, or holds another hook of its token, or the hook does not exist.
   */
  Optional<Claim> claim(HookId hookId, Instant now, Duration lease);

  /**
   * Ends a claim: the hook is due again at {@code nextAt}. {@code recoveredUntil} moves the
   * recovery checkpoint ({@code null}: leave it); {@code error} ({@code null}: the reconcile
   * finished) counts one more consecutive failure, a success resets the count. A claim that lapsed
   * and was taken by another is left alone: returns false.
   */
  boolean complete(
      Claim claim,
      Instant finishedAt,
      Instant nextAt,
      Instant recoveredUntil,
      ProviderFailure error);

  /** No hook of this token is claimed before {@code until} (its rate budget is spent or low). */
  void pauseToken(Provider provider, UserId manager, Instant until);

  /** These hooks are due at {@code at} unless they are due sooner already. */
  void dueBy(Collection<HookId> hookIds, Instant at);

  /** Every hook is due at {@code at} unless due sooner already (a start: recovery runs at once). */
  void allDueBy(Instant at);

  Optional<ReconcileState> find(HookId hookId);

  /**
   * A held claim on one hook.
   *
   * @param token identifies this claim: a lapsed claim taken over by another is not ours to
   *     complete
   * @param manager the token owner the claim holds (the hook's manager when it was claimed)
   */
  record Claim(HookId hookId, String token, Provider provider, UserId manager, Instant until) {
    public Claim {
      Objects.requireNonNull(hookId, "hookId == null");
      Objects.requireNonNull(token, "token == null");
      Objects.requireNonNull(provider, "provider == null");
      Objects.requireNonNull(manager, "manager == null");
      Objects.requireNonNull(until, "until == null");
    }
  }
}
