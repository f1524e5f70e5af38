package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.Inbox;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Processes again every stored delivery of a repository that matches a filter (e.g. all failed
 * ones after a fix), at most {@link #MAX_PER_REQUEST} per call, oldest first.
 */
public final class ReplayDeliveries {
  public static final int MAX_PER_REQUEST = 10_000;

  private final Ports ports;
  private final Runnable wakeProcessors;

  public ReplayDeliveries(Ports ports, Runnable wakeProcessors) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.wakeProcessors = Objects.requireNonNull(wakeProcessors, "wakeProcessors == null");
  }

  /** How many were queued; empty for a repository the user is not connected to. */
  public OptionalInt replay(UserId userId, ConnectionId connectionId, Inbox.ReplayFilter filter) {
    Objects.requireNonNull(filter, "filter == null");
    var connection = Ownership.connection(ports.connections(), userId, connectionId);
    if (connection.isEmpty()) return OptionalInt.empty();
    int queued = ports.tx().inTransaction(() -> ports.inbox()
        .requeueMatching(connection.get().repositoryId(), filter, ports.clock().instant(), MAX_PER_REQUEST));
    if (queued > 0) wakeProcessors.run();
    return OptionalInt.of(queued);
  }
}
