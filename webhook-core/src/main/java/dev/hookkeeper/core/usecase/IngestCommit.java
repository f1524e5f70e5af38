package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.port.WebhookInfraException;
import java.time.Instant;
import java.util.List;

/**
 * Commits one batch of ingest units and answers each caller. The whole batch is one transaction.
 * When the store is down ({@link WebhookInfraException}) nothing was stored and every caller gets
 * the exception (a 503: the provider redelivers). When anything else breaks, the batch rolls back
 * and each unit is retried in its own transaction, so only the broken delivery ends up stored as
 * FAILED (replayable) and the others are processed as if they had come alone.
 */
final class IngestCommit {
  private final Ports ports;
  private final DeliveryEffects effects;

  IngestCommit(Ports ports) {
    this.ports = ports;
    this.effects = new DeliveryEffects(ports);
  }

  void commit(List<IngestUnit> units) {
    if (units.size() == 1) {
      commitAlone(units.get(0));
      return;
    }
    Outbox outbox = new Outbox();
    List<IngestResult> results;
    try {
      results = ports.tx().inTransaction(() -> effects.applyAll(units, outbox));
    } catch (WebhookInfraException e) {
      for (IngestUnit u : units) u.result().completeExceptionally(e);
      return;
    } catch (RuntimeException e) {
      for (IngestUnit u : units) commitAlone(u);
      return;
    }
    // pushed before the callers are answered, as when each committed alone: by the time a
    // sender has its 2xx, live clients have been told
    outbox.publishAfterCommit(ports.notifier());
    answer(units, results);
  }

  private void commitAlone(IngestUnit unit) {
    Outbox outbox = new Outbox();
    List<IngestUnit> one = List.of(unit);
    List<IngestResult> results;
    try {
      results = ports.tx().inTransaction(() -> effects.applyAll(one, outbox));
    } catch (WebhookInfraException e) {
      unit.result().completeExceptionally(e);
      return;
    } catch (RuntimeException e) {
      if (unit.failure() != null) {
        // storing it as FAILED is what just broke: nothing more to fall back to
        unit.result().completeExceptionally(e);
      } else {
        // a bug or bad data in processing must not lose an authentic delivery: keep it, replayable
        storeFailed(unit, "processing failed: " + e);
      }
      return;
    }
    outbox.publishAfterCommit(ports.notifier());
    answer(one, results);
  }

  private void storeFailed(IngestUnit unit, String error) {
    try {
      Instant now = ports.clock().instant();
      Delivery failed = unit.delivery()
          .withOutcome(ProcessingStatus.FAILED, error, IngestDelivery.micros(unit.startedNanos()), now);
      boolean inserted = ports.tx().inTransaction(() -> {
        boolean fresh = ports.deliveries().insert(failed);
        if (fresh) ports.hooks().markDelivered(failed.hookId(), failed.receivedAt());
        return fresh;
      });
      unit.result().complete(inserted
          ? new IngestResult.Stored(failed, error)
          : new IngestResult.Duplicate(failed.deliveryId(), failed.hookId(), failed.repositoryId()));
    } catch (RuntimeException e) {
      unit.result().completeExceptionally(e);
    }
  }

  private static void answer(List<IngestUnit> units, List<IngestResult> results) {
    for (int i = 0; i < units.size(); i++) units.get(i).result().complete(results.get(i));
  }
}
