package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.Inbox;
import java.util.Objects;

/**
 * Processes one stored delivery again, through the same path as when it arrived: it goes back to
 * the inbox and a processor applies it. Idempotent in effect (see the processor): replaying a
 * delivery whose effects are recorded changes nothing; replaying a failed one after a fix applies it.
 */
public final class ReplayDelivery {
  private final Ports ports;
  private final Runnable wakeProcessors;

  public ReplayDelivery(Ports ports, Runnable wakeProcessors) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.wakeProcessors = Objects.requireNonNull(wakeProcessors, "wakeProcessors == null");
  }

  public Result replay(UserId userId, ConnectionId connectionId, String deliveryId) {
    var connection = Ownership.connection(ports.connections(), userId, connectionId);
    if (connection.isEmpty()) return Result.REPOSITORY_NOT_FOUND;
    var delivery = ports.deliveries().find(connection.get().repositoryId(), deliveryId);
    if (delivery.isEmpty()) return Result.DELIVERY_NOT_FOUND;
    Inbox.Requeue requeued = ports.tx().inTransaction(() ->
        ports.inbox().requeue(connection.get().repositoryId(), delivery.get().id(), ports.clock().instant()));
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
