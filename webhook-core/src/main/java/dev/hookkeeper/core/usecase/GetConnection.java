package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.UserId;
import java.util.Objects;
import java.util.Optional;

/** One of the user's connections; another user's is not found. */
public final class GetConnection {
  private final Ports ports;

  public GetConnection(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
  }

  public Optional<ConnectionDetails> get(UserId userId, ConnectionId connectionId) {
    return Ownership.connection(ports.connections(), userId, connectionId).map(c -> details(ports, c));
  }

  static ConnectionDetails details(Ports ports, Connection c) {
    return new ConnectionDetails(c,
        ports.repositories().find(c.repositoryId()).orElseThrow(),
        ports.hooks().findByRepository(c.repositoryId()).orElse(null));
  }
}
