package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.RepositoryStore;
import java.util.Objects;
import java.util.Optional;

/** One of the user's connections; another user's is not found. */
public final class GetConnection {
  private final RepositoryStore repositories;
  private final HookStore hooks;
  private final ConnectionStore connections;

  public GetConnection(RepositoryStore repositories, HookStore hooks, ConnectionStore connections) {
    this.repositories = Objects.requireNonNull(repositories, "repositories == null");
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
    this.connections = Objects.requireNonNull(connections, "connections == null");
  }

  public Optional<ConnectionDetails> get(UserId userId, ConnectionId connectionId) {
    return Ownership.connection(connections, userId, connectionId)
        .map(c -> details(repositories, hooks, c));
  }

  static ConnectionDetails details(RepositoryStore repositories, HookStore hooks, Connection c) {
    return new ConnectionDetails(
        c,
        repositories.find(c.repositoryId()).orElseThrow(),
        hooks.findByRepository(c.repositoryId()).orElse(null));
  }
}
