package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a hook stands with the reconciler.
 *
 * @param nextAt when it is due next (jittered interval, sooner when triggered, later after a
 *     refusal)
 * @param lastReconciledAt the end of the last reconcile; {@code null} before the first
 * @param recoveredUntil the checkpoint of missed-delivery recovery: every delivery the provider
 *     attempted before it is in our log or was redelivered; {@code null} before the first recovery
 *     (which then starts at the hook's creation)
 * @param failures consecutive reconciles the provider refused or failed (the backoff's exponent)
 * @param lastError why the last reconcile could not finish; {@code null} when it did
 */
public record ReconcileState(
    HookId hookId,
    Instant nextAt,
    Instant lastReconciledAt,
    Instant recoveredUntil,
    int failures,
    ProviderFailure lastError) {
  public ReconcileState {
    Objects.requireNonNull(hookId, "hookId == null");
    Objects.requireNonNull(nextAt, "nextAt == null");
    if (failures < 0) throw new IllegalArgumentException("'failures' must not be negative");
  }
}
