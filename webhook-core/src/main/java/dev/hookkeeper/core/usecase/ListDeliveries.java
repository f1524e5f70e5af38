package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.DeliveryFilter;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection's delivery log, newest first: authentic deliveries (one entry per hook and
 * delivery id) and rejected attempts with their reasons. Never bodies or credentials.
 */
public final class ListDeliveries {
  private final Ports ports;

  public ListDeliveries(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
  }

  /** Empty when the user has no such connection. */
  public Optional<Page<DeliveryEntry>> list(UserId userId, ConnectionId connectionId, PageRequest page) {
    return list(userId, connectionId, DeliveryFilter.ANY, page);
  }

  /** Only the entries {@code filter} matches; empty when the user has no such connection. */
  public Optional<Page<DeliveryEntry>> list(UserId userId, ConnectionId connectionId, DeliveryFilter filter,
      PageRequest page) {
    return Ownership.connection(ports.connections(), userId, connectionId)
        .map(c -> ports.deliveries().listByRepository(c.repositoryId(), filter, page));
  }
}
