package dev.hookkeeper.core.usecase;

import java.time.Instant;

/**
 * Thrown inside a reconcile when the token's rate budget is below the floor, or the provider rate
 * limited it: the reconcile stops where it is, and the token waits until {@link #until()}.
 */
final class BudgetLow extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Instant until;

  BudgetLow(Instant until, String message) {
    super(message, null, false, false);
    this.until = until;
  }

  Instant until() {
    return until;
  }
}
