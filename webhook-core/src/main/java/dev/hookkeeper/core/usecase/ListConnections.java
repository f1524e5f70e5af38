package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.UserId;
import java.util.Objects;

/** The user's connections, newest first, with their repositories and hooks. */
public final class ListConnections {
  private final Ports ports;

  public ListConnections(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
  }

  public Page<ConnectionDetails> list(UserId userId, PageRequest page) {
    Page<Connection> connections = ports.connections().listByUser(userId, page);
    return new Page<>(
        connections.items().stream().map(c -> GetConnection.details(ports, c)).toList(),
        connections.nextCursor());
  }
}
