package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.RepositoryStore;
import java.util.Objects;

/** The user's connections, newest first, with their repositories and hooks. */
public final class ListConnections {
  private final ConnectionStore connections;
  private final RepositoryStore repositories;
  private final HookStore hooks;

  public ListConnections(
      ConnectionStore connections, RepositoryStore repositories, HookStore hooks) {
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.repositories = Objects.requireNonNull(repositories, "repositories == null");
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
  }

  public Page<ConnectionDetails> list(UserId userId, PageRequest page) {
    Page<Connection> found = connections.listByUser(userId, page);
    return new Page<>(
        found.items().stream().map(c -> GetConnection.details(repositories, hooks, c)).toList(),
        found.nextCursor());
  }
}
