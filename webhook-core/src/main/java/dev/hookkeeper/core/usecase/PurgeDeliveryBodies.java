package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import java.time.Duration;
import java.util.Objects;

/**
 * Drops raw bodies of old settled deliveries, and the kept rows of old refused attempts, in
 * batches; the authentic delivery rows (the log) and the refusal counts stay.
 */
public final class PurgeDeliveryBodies {
  static final int BATCH = 1000;

  private final Ports ports;

  public PurgeDeliveryBodies(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
  }

  /** Returns how many bodies and refused-attempt rows were dropped. */
  public int purgeOlderThan(Duration age) {
    if (age.isNegative()) throw new IllegalArgumentException("'age' must not be negative");
    var cutoff = ports.clock().instant().minus(age);
    int total = 0;
    int dropped;
    do {
      dropped = ports.deliveries().purgeBodiesBefore(cutoff, BATCH);
      total += dropped;
    } while (dropped == BATCH);
    do {
      dropped = ports.deliveries().purgeRejectedBefore(cutoff, BATCH);
      total += dropped;
    } while (dropped == BATCH);
    return total;
  }
}
