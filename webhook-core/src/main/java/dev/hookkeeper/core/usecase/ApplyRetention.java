package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Deletes what is past retention, one step per kind of data, each in batches: every batch is its
 * own short statement, so a pass over a large backlog never holds locks for long and never
 * blocks an ingest (the stores skip rows an ingest holds). New data with a retention period is one
 * more step here and one more age in {@link RetentionPolicy}.
 */
public final class ApplyRetention {
  static final int BATCH = 1000;

  private final Ports ports;
  private final List<RetentionStep> steps;

  public ApplyRetention(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.steps = List.of(
        new RetentionStep("delivery_bodies", RetentionPolicy::deliveryBodies, ports.deliveries()::purgeBodiesBefore),
        // refused attempts kept for forensics go with the bodies; their counts stay
        new RetentionStep("rejected_attempts", RetentionPolicy::deliveryBodies, ports.deliveries()::purgeRejectedBefore),
        new RetentionStep("notifications", RetentionPolicy::notifications, ports.notifications()::purgeCreatedBefore),
        new RetentionStep("workflow_runs", RetentionPolicy::runs, ports.runs()::purgeRunsBefore),
        new RetentionStep("workflow_jobs", RetentionPolicy::runs, ports.runs()::purgeOrphanJobsBefore),
        new RetentionStep("incident_groups", RetentionPolicy::runs, ports.incidents()::purgeIdleGroupsBefore));
  }

  /** Runs every step to the end; returns how many items each deleted, by step name, in order. */
  public Map<String, Integer> apply(RetentionPolicy policy) {
    Objects.requireNonNull(policy, "policy == null");
    Instant now = ports.clock().instant();
    Map<String, Integer> purged = new LinkedHashMap<>();
    for (RetentionStep step : steps) {
      Instant cutoff = now.minus(step.age().apply(policy));
      int total = 0;
      int batch;
      do {
        batch = step.purge().before(cutoff, BATCH);
        total += batch;
      } while (batch == BATCH);
      purged.put(step.name(), total);
    }
    return purged;
  }
}
