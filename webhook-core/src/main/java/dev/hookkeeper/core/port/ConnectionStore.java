package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.UserId;
import java.util.List;
import java.util.Optional;

/** Connections: a user's subscription to a repository, unique per (user, repository). */
public interface ConnectionStore {

  /** Stores {@code connection} unless the user is already connected to the repository. */
  boolean insertIfAbsent(Connection connection);

  Optional<Connection> find(ConnectionId id);

  Optional<Connection> findByUserAndRepository(UserId userId, RepositoryId repositoryId);

  /** The user's connections, newest first. */
  Page<Connection> listByUser(UserId userId, PageRequest page);

  /** Every connection to the repository, oldest first. */
  List<Connection> listByRepository(RepositoryId repositoryId);

  /** Returns whether a connection was deleted. */
  boolean delete(ConnectionId id);
}
