package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.port.RepositoryStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Repositories unique by (provider, provider repository id). Thread-safe. */
public final class InMemoryRepositoryStore implements RepositoryStore, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final Map<RepositoryId, Repository> byId = new HashMap<>();

  public InMemoryRepositoryStore() {
    this(new Object());
  }

  public InMemoryRepositoryStore(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
  }

  @Override
  public Repository upsert(Repository candidate) {
    Objects.requireNonNull(candidate, "candidate == null");
    synchronized (lock) {
      Optional<Repository> existing = findByProviderId(candidate.provider(), candidate.providerRepoId());
      Repository stored = existing
          .map(e -> new Repository(e.id(), e.provider(), e.providerRepoId(), candidate.fullName(),
              candidate.defaultBranch(), candidate.privateRepo(), e.createdAt()))
          .orElse(candidate);
      byId.put(stored.id(), stored);
      return stored;
    }
  }

  @Override
  public Optional<Repository> find(RepositoryId id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id));
    }
  }

  @Override
  public Optional<Repository> findByProviderId(Provider provider, long providerRepoId) {
    synchronized (lock) {
      return byId.values().stream()
          .filter(r -> r.provider() == provider && r.providerRepoId() == providerRepoId)
          .findFirst();
    }
  }

  @Override
  public void rename(RepositoryId id, String newFullName) {
    Objects.requireNonNull(newFullName, "newFullName == null");
    synchronized (lock) {
      byId.computeIfPresent(id, (k, r) -> r.withFullName(newFullName));
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.of(byId);
  }
}
