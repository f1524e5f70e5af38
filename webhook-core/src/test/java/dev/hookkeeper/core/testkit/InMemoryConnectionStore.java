package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Connections unique per (user, repository). Thread-safe. */
public final class InMemoryConnectionStore implements ConnectionStore, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final Map<ConnectionId, Connection> byId = new HashMap<>();

  public InMemoryConnectionStore() {
    this(new Object());
  }

  public InMemoryConnectionStore(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
  }

  @Override
  public boolean insertIfAbsent(Connection connection) {
    Objects.requireNonNull(connection, "connection == null");
    synchronized (lock) {
      if (byId.containsKey(connection.id())
          || findByUserAndRepository(connection.userId(), connection.repositoryId()).isPresent()) {
        return false;
      }
      byId.put(connection.id(), connection);
      return true;
    }
  }

  @Override
  public Optional<Connection> find(ConnectionId id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id));
    }
  }

  @Override
  public Optional<Connection> findByUserAndRepository(UserId userId, RepositoryId repositoryId) {
    synchronized (lock) {
      return byId.values().stream()
          .filter(c -> c.userId().equals(userId) && c.repositoryId().equals(repositoryId))
          .findFirst();
    }
  }

  @Override
  public Page<Connection> listByUser(UserId userId, PageRequest page) {
    synchronized (lock) {
      List<Connection> mine = byId.values().stream().filter(c -> c.userId().equals(userId)).toList();
      return Paging.newestFirst(mine, c -> new Paging.Key(c.createdAt(), c.id().value()), page);
    }
  }

  @Override
  public List<Connection> listByRepository(RepositoryId repositoryId) {
    synchronized (lock) {
      return byId.values().stream()
          .filter(c -> c.repositoryId().equals(repositoryId))
          .sorted(Comparator.comparing(Connection::createdAt).thenComparing(c -> c.id().value()))
          .toList();
    }
  }

  @Override
  public boolean delete(ConnectionId id) {
    synchronized (lock) {
      return byId.remove(id) != null;
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.of(byId);
  }
}
