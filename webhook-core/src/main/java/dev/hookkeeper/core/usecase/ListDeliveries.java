package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.DeliveryFilter;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.DeliveryLog;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection's delivery log, newest first: authentic deliveries (one entry per hook and delivery
 * id) and rejected attempts with their reasons. Never bodies or credentials.
 */
public final class ListDeliveries {
  private final ConnectionStore connections;
  private final DeliveryLog deliveries;

  public ListDeliveries(ConnectionStore connections, DeliveryLog deliveries) {
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.deliveries = Objects.requireNonNull(deliveries, "deliveries == null");
  }

  /** Empty when the user has no such connection. */
  public Optional<Page<DeliveryEntry>> list(
      UserId userId, ConnectionId connectionId, PageRequest page) {
    return list(userId, connectionId, DeliveryFilter.ANY, page);
  }

  /** Only the entries {@code filter} matches; empty when the user has no such connection. */
  public Optional<Page<DeliveryEntry>> list(
      UserId userId, ConnectionId connectionId, DeliveryFilter filter, PageRequest page) {
    return Ownership.connection(connections, userId, connectionId)
        .map(c -> deliveries.listByRepository(c.repositoryId(), filter, page));
  }
}
