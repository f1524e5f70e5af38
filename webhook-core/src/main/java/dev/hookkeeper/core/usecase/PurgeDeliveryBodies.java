package dev.hookkeeper.core.usecase;

import java.time.Duration;
import java.util.Objects;

/** Drops raw bodies of old deliveries in batches; the delivery rows (the log) stay. */
public final class PurgeDeliveryBodies {
  static final int BATCH = 1000;

  private final Ports ports;

  public PurgeDeliveryBodies(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
  }

  /** Returns how many bodies were dropped. */
  public int purgeOlderThan(Duration age) {
    if (age.isNegative()) throw new IllegalArgumentException("'age' must not be negative");
    var cutoff = ports.clock().instant().minus(age);
    int total = 0;
    int dropped;
    do {
      dropped = ports.deliveries().purgeBodiesBefore(cutoff, BATCH);
      total += dropped;
    } while (dropped == BATCH);
    return total;
  }
}
