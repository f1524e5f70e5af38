package dev.hookkeeper.core.usecase;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * One kind of data {@link ApplyRetention} deletes: a name (for the log), its age from the policy,
 * and a port call that deletes at most a batch of what is older than the cutoff.
 */
record RetentionStep(String name, Function<RetentionPolicy, Duration> age, Purge purge) {
  RetentionStep {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(age, "age == null");
    Objects.requireNonNull(purge, "purge == null");
  }

  /** Deletes at most {@code batchSize} items older than {@code cutoff}; returns how many. */
  @FunctionalInterface
  interface Purge {
    int before(Instant cutoff, int batchSize);
  }
}
