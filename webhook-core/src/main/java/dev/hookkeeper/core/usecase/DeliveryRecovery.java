package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.port.ProviderHooksApi.Redelivery;
import dev.hookkeeper.core.usecase.ReconcileReport.FindingKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Asks the provider to send again what it attempted since the checkpoint and never got to us:
 * GitHub's official recipe (page the hook's delivery log newest first back to the checkpoint, group
 * by {@code guid}, redeliver one attempt of each group where none succeeded), and the same over
 * GitLab's hook events and resend. A group whose delivery is in our log already (the provider timed
 * out on an answer we did store) is left alone. Redeliveries arrive at the ingest endpoint like any
 * delivery, and dedup makes a second copy harmless. They are asked for oldest first, one at a time,
 * each once the previous one is stored (or {@code redeliveryWait} passed): providers send
 * redeliveries in the background, and two sent at once may arrive in either order, while a run's
 * failure must come before its fix (an older failure after a newer success opens nothing).
 */
final class DeliveryRecovery {
  /** Attempts logged a little before the checkpoint are looked at again: clocks differ. */
  static final Duration OVERLAP = Duration.ofMinutes(1);

  private static final long ARRIVAL_POLL_MILLIS = 50;

  private final Ports ports;

  DeliveryRecovery(Ports ports) {
    this.ports = ports;
  }

  /**
   * @param failingAgain called once, before any redelivery, when a delivery failed again after it
   *     was redelivered (the hook itself is broken: redelivering alone would fail once more); its
   *     answer says whether the hook can be delivered to now
   */
  LogOutcome recover(
      ReconcileRun run, Instant checkpoint, Function<String, RepairStep> failingAgain) {
    Instant from = checkpoint.minus(OVERLAP);
    String hookId = run.hook.providerHookId();
    Map<String, List<ProviderDelivery>> byGuid = new LinkedHashMap<>();
    String cursor = null;
    do {
      String page = cursor;
      ProviderResult<Page<ProviderDelivery>> listed =
          run.call(() -> run.api.listDeliveries(run.token, run.ref(), hookId, page, false));
      if (!listed.isOk()) {
        if (listed.failure().reason() == FailureReason.UNSUPPORTED_BY_PROVIDER)
          return LogOutcome.UNSUPPORTED;
        run.incomplete(listed.failure());
        return LogOutcome.INCOMPLETE;
      }
      boolean reachedCheckpoint = false;
      for (ProviderDelivery d : listed.value().items()) {
        if (d.deliveredAt().isBefore(from)) {
          reachedCheckpoint = true;
          continue;
        }
        byGuid
            .computeIfAbsent(
                d.guid().isEmpty() ? "id:" + d.providerDeliveryId() : d.guid(),
                k -> new ArrayList<>())
            .add(d);
      }
      cursor = reachedCheckpoint ? null : listed.value().nextCursor();
    } while (cursor != null);

    List<List<ProviderDelivery>> groups = new ArrayList<>(byGuid.values());
    Collections.reverse(groups); // the log is newest first
    List<List<ProviderDelivery>> lost = new ArrayList<>();
    for (List<ProviderDelivery> group : groups) {
      if (group.stream().anyMatch(ProviderDelivery::success)) continue;
      String guid = group.get(0).guid();
      if (!guid.isEmpty() && ports.deliveries().find(run.repo.id(), guid).isPresent()) continue;
      lost.add(group);
    }
    long failedAgain = lost.stream().filter(g -> g.size() > 1).count();
    if (failedAgain > 0) {
      RepairStep step =
          failingAgain.apply(
              failedAgain
                  + " delivery(ies) failed again after a redelivery (latest: "
                  + lost.get(lost.size() - 1).get(0).status()
                  + ")");
      if (step != RepairStep.DELIVERING) {
        run.incomplete(run.error);
        return LogOutcome.INCOMPLETE;
      }
    }
    int asked = 0;
    try {
      for (List<ProviderDelivery> group : lost) {
        ProviderDelivery newest = group.get(0);
        if (asked >= run.settings.maxRedeliveriesPerPass()) {
          run.incomplete(null); // the rest at the next reconcile
          break;
        }
        ProviderResult<Redelivery> redelivered =
            run.call(
                () -> run.api.redeliver(run.token, run.ref(), hookId, newest.providerDeliveryId()));
        if (redelivered.isOk()) {
          asked++;
          run.redelivered++;
          if (!awaitArrival(run, newest.guid())) break;
        } else if (redelivered.failure().reason() != FailureReason.DELIVERY_NOT_FOUND) {
          run.incomplete(redelivered.failure());
          break;
        }
        // DELIVERY_NOT_FOUND: gone from the log meanwhile (retention); only catch-up can help
      }
    } finally {
      if (asked > 0) {
        run.found(
            FindingKind.FAILED_DELIVERIES,
            asked
                + " delivery(ies) the provider could not make and we never"
                + " received; redelivery asked for");
      }
    }
    return run.recoveryComplete ? LogOutcome.COMPLETE : LogOutcome.INCOMPLETE;
  }

  /**
   * Waits until the redelivery of {@code guid} is in our delivery log, at most the settings' {@code
   * redeliveryWait}; one that does not arrive in time is not waited for longer (the provider logs
   * the attempt, and a later pass sees how it went). Returns false when the thread was interrupted
   * (the reconciler stops).
   */
  private boolean awaitArrival(ReconcileRun run, String guid) {
    if (guid.isEmpty() || run.settings.redeliveryWait().isZero()) return true;
    long deadline = System.nanoTime() + run.settings.redeliveryWait().toNanos();
    while (ports.deliveries().find(run.repo.id(), guid).isEmpty()) {
      if (System.nanoTime() - deadline > 0) {
        run.unarrived++;
        return true;
      }
      try {
        Thread.sleep(ARRIVAL_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        run.incomplete(null);
        return false;
      }
    }
    return true;
  }
}
