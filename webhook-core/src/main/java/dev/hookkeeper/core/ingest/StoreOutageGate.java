package dev.hookkeeper.core.ingest;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Fails ingest fast while the store is down. Without it every delivery during an outage holds a
 * thread for the pool's whole connection timeout, and a provider burst then queues deliveries past
 * the provider's own timeout (measured: docs/reliability.md, "Database outage under load"). Once a
 * delivery fails for that reason, the others are refused at once and one delivery at a time is let
 * through to try the store again, every {@code retryNanos}; the first one stored after the failure
 * reopens ingest.
 */
final class StoreOutageGate {
  private final long retryNanos;
  private final LongSupplier nanoTime;
  private final AtomicBoolean trialRunning = new AtomicBoolean();
  private volatile boolean down;
  private volatile long failedAt;

  StoreOutageGate(long retryNanos, LongSupplier nanoTime) {
    this.retryNanos = retryNanos;
    this.nanoTime = nanoTime;
  }

  /** Whether {@link #admit} would let a delivery through now; changes nothing. */
  boolean open() {
    return !down || (nanoTime.getAsLong() - failedAt >= retryNanos && !trialRunning.get());
  }

  /** How a delivery may proceed: {@code null} means refuse it now. */
  Pass admit() {
    long now = nanoTime.getAsLong();
    if (!down) return new Pass(now, false);
    if (now - failedAt >= retryNanos && trialRunning.compareAndSet(false, true))
      return new Pass(now, true);
    return null;
  }

  /** The store was unavailable to this delivery. */
  void failed(Pass pass) {
    failedAt = nanoTime.getAsLong();
    down = true;
    if (pass.trial()) trialRunning.set(false);
  }

  /** This delivery was stored (or found already stored): the store works. */
  void committed(Pass pass) {
    // a delivery admitted before the last failure proves nothing about the store since then
    if (pass.admittedAt() - failedAt > 0) down = false;
    if (pass.trial()) trialRunning.set(false);
  }

  /** This delivery ended without reaching the store: says nothing about it. */
  void done(Pass pass) {
    if (pass.trial()) trialRunning.set(false);
  }

  boolean isDown() {
    return down;
  }

  /** One admitted delivery; {@code trial} when it is the one probing a store known to be down. */
  record Pass(long admittedAt, boolean trial) {}
}
