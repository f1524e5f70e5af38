package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.Inbox;
import dev.hookkeeper.core.port.TransactionRunner;
import java.time.InstantSource;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Processes again every stored delivery of a repository that matches a filter (e.g. all failed ones
 * after a fix), at most {@link #MAX_PER_REQUEST} per call, oldest first.
 */
public final class ReplayDeliveries {
  public static final int MAX_PER_REQUEST = 10_000;

  private final ConnectionStore connections;
  private final Inbox inbox;
  private final TransactionRunner tx;
  private final InstantSource clock;
  private final Runnable wakeProcessors;

  public ReplayDeliveries(
      ConnectionStore connections,
      Inbox inbox,
      TransactionRunner tx,
      InstantSource clock,
      Runnable wakeProcessors) {
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.inbox = Objects.requireNonNull(inbox, "inbox == null");
    this.tx = Objects.requireNonNull(tx, "tx == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.wakeProcessors = Objects.requireNonNull(wakeProcessors, "wakeProcessors == null");
  }

  /** How many were queued; empty for a repository the user is not connected to. */
  public OptionalInt replay(UserId userId, ConnectionId connectionId, Inbox.ReplayFilter filter) {
    Objects.requireNonNull(filter, "filter == null");
    var connection = Ownership.connection(connections, userId, connectionId);
    if (connection.isEmpty()) return OptionalInt.empty();
    int queued =
        tx.inTransaction(
            () ->
                inbox.requeueMatching(
                    connection.get().repositoryId(), filter, clock.instant(), MAX_PER_REQUEST));
    if (queued > 0) wakeProcessors.run();
    return OptionalInt.of(queued);
  }
}
