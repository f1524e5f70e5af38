package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.model.Delivery;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A verified delivery waiting for its append, and the caller's answer: whether it was new. The
 * caller may give up on it (its answer is due) only while no writer has taken it, so a delivery is
 * either appended or refused, never silently both.
 */
final class AppendUnit {
  private static final int WAITING = 0;
  private static final int TAKEN = 1;
  private static final int ABANDONED = 2;

  private final Delivery delivery;
  private final long deadlineNanos;
  private final CompletableFuture<Boolean> stored = new CompletableFuture<>();
  private final AtomicInteger state = new AtomicInteger(WAITING);

  AppendUnit(Delivery delivery, long deadlineNanos) {
    this.delivery = delivery;
    this.deadlineNanos = deadlineNanos;
  }

  Delivery delivery() {
    return delivery;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  /** Completes with {@code true} when appended, {@code false} when its key was already stored. */
  CompletableFuture<Boolean> stored() {
    return stored;
  }

  /** A writer takes it for an append; false when the caller already gave up. */
  boolean take() {
    return state.compareAndSet(WAITING, TAKEN);
  }

  /** The caller gives up; false when a writer already took it (it may still be stored). */
  boolean abandon() {
    return state.compareAndSet(WAITING, ABANDONED);
  }
}
