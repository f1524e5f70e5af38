package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.DeliveryLog;
import dev.hookkeeper.core.port.Inbox;
import dev.hookkeeper.core.port.TransactionRunner;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Processes one stored delivery again, through the same path as when it arrived: it goes back to
 * the inbox and a processor applies it. Idempotent in effect (see the processor): replaying a
 * delivery whose effects are recorded changes nothing; replaying a failed one after a fix applies
 * it.
 */
public final class ReplayDelivery {
  private final ConnectionStore connections;
  private final DeliveryLog deliveries;
  private final Inbox inbox;
  private final TransactionRunner tx;
  private final InstantSource clock;
  private final Runnable wakeProcessors;

  public ReplayDelivery(
      ConnectionStore connections,
      DeliveryLog deliveries,
      Inbox inbox,
      TransactionRunner tx,
      InstantSource clock,
      Runnable wakeProcessors) {
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.deliveries = Objects.requireNonNull(deliveries, "deliveries == null");
    this.inbox = Objects.requireNonNull(inbox, "inbox == null");
    this.tx = Objects.requireNonNull(tx, "tx == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.wakeProcessors = Objects.requireNonNull(wakeProcessors, "wakeProcessors == null");
  }

  public Result replay(UserId userId, ConnectionId connectionId, String deliveryId) {
    var connection = Ownership.connection(connections, userId, connectionId);
    if (connection.isEmpty()) return Result.REPOSITORY_NOT_FOUND;
    var delivery = deliveries.find(connection.get().repositoryId(), deliveryId);
    if (delivery.isEmpty()) return Result.DELIVERY_NOT_FOUND;
    Inbox.Requeue requeued =
        tx.inTransaction(
            () ->
                inbox.requeue(
                    connection.get().repositoryId(), delivery.get().id(), clock.instant()));
    if (requeued == Inbox.Requeue.QUEUED) wakeProcessors.run();
    if (requeued == Inbox.Requeue.QUEUED) return Result.QUEUED;
    if (requeued == Inbox.Requeue.BODY_PURGED) return Result.BODY_PURGED;
    return Result.DELIVERY_NOT_FOUND;
  }

  public enum Result {
    QUEUED,
    REPOSITORY_NOT_FOUND,
    DELIVERY_NOT_FOUND,
    /** Retention removed the body: there is nothing left to process. */
    BODY_PURGED
  }
}
