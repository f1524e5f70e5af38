package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.RepositoryStore;
import java.util.Optional;

/** Resolves a connection id for its owner only: another user's connection is simply not found. */
final class Ownership {
  private Ownership() {}

  static Optional<Connection> connection(ConnectionStore connections, UserId userId, ConnectionId id) {
    return connections.find(id).filter(c -> c.userId().equals(userId));
  }

  static Optional<Repository> repository(
      ConnectionStore connections, RepositoryStore repositories, UserId userId, ConnectionId id) {
    return connection(connections, userId, id).flatMap(c -> repositories.find(c.repositoryId()));
  }
}
