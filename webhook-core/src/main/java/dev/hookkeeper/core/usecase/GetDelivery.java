package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.UserId;
import java.util.Objects;
import java.util.Optional;

/** One delivery of a connection's repository, with its raw body and redacted headers. */
public final class GetDelivery {
  private final Ports ports;

  public GetDelivery(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
  }

  public Optional<Delivery> get(UserId userId, ConnectionId connectionId, String deliveryId) {
    return Ownership.connection(ports.connections(), userId, connectionId)
        .flatMap(c -> ports.deliveries().find(c.repositoryId(), deliveryId));
  }
}
