package dev.hookkeeper.core.usecase;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each kind of data is kept; {@link ApplyRetention} deletes what is older.
 *
 * @param deliveryBodies raw bodies of stored deliveries (the delivery rows stay)
 * @param notifications durable notifications (a live client resuming from an older id is told
 *     what expired)
 * @param runs workflow runs and their jobs, except those an incident references, and the per-group
 *     incident state of groups with nothing open
 */
public record RetentionPolicy(Duration deliveryBodies, Duration notifications, Duration runs) {
  public static final RetentionPolicy DEFAULTS =
      new RetentionPolicy(Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(90));

  public RetentionPolicy {
    requirePositive(deliveryBodies, "deliveryBodies");
    requirePositive(notifications, "notifications");
    requirePositive(runs, "runs");
  }

  private static void requirePositive(Duration age, String name) {
    Objects.requireNonNull(age, name + " == null");
    if (age.isNegative() || age.isZero()) throw new IllegalArgumentException("'" + name + "' must be positive");
  }
}
