package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.DeliveryLog;
import java.util.Objects;
import java.util.Optional;

/** One delivery of a connection's repository, with its raw body and redacted headers. */
public final class GetDelivery {
  private final ConnectionStore connections;
  private final DeliveryLog deliveries;

  public GetDelivery(ConnectionStore connections, DeliveryLog deliveries) {
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.deliveries = Objects.requireNonNull(deliveries, "deliveries == null");
  }

  public Optional<Delivery> get(UserId userId, ConnectionId connectionId, String deliveryId) {
    return Ownership.connection(connections, userId, connectionId)
        .flatMap(c -> deliveries.find(c.repositoryId(), deliveryId));
  }
}
