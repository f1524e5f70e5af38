package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.HookCleanupQueue;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Pending provider-hook deletions, handed out oldest due first. Thread-safe. */
public final class InMemoryHookCleanupQueue implements HookCleanupQueue, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final Map<String, HookCleanup> byId = new HashMap<>();

  public InMemoryHookCleanupQueue() {
    this(new Object());
  }

  public InMemoryHookCleanupQueue(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
  }

  @Override
  public void enqueue(HookCleanup cleanup) {
    Objects.requireNonNull(cleanup, "cleanup == null");
    synchronized (lock) {
      byId.put(cleanup.id(), cleanup);
    }
  }

  @Override
  public List<HookCleanup> due(Instant now, int limit) {
    Objects.requireNonNull(now, "now == null");
    if (limit < 1) throw new IllegalArgumentException("'limit' must be positive");
    synchronized (lock) {
      return byId.values().stream()
          .filter(c -> !c.nextAttemptAt().isAfter(now))
          .sorted(Comparator.comparing(HookCleanup::nextAttemptAt).thenComparing(HookCleanup::id))
          .limit(limit)
          .toList();
    }
  }

  @Override
  public Optional<HookCleanup> claim(String cleanupId) {
    // the shared lock already makes a transaction exclusive: nothing else can run meanwhile
    synchronized (lock) {
      return Optional.ofNullable(byId.get(cleanupId));
    }
  }

  @Override
  public int cancel(Provider provider, String providerHookId) {
    synchronized (lock) {
      int before = byId.size();
      byId.values().removeIf(c -> c.provider() == provider && c.providerHookId().equals(providerHookId));
      return before - byId.size();
    }
  }

  @Override
  public List<HookCleanup> listByTokenOwner(UserId tokenOwner) {
    synchronized (lock) {
      return byId.values().stream()
          .filter(c -> c.tokenOwner().equals(tokenOwner))
          .sorted(Comparator.comparing(HookCleanup::createdAt).thenComparing(HookCleanup::id))
          .toList();
    }
  }

  @Override
  public void complete(String cleanupId) {
    synchronized (lock) {
      byId.remove(cleanupId);
    }
  }

  @Override
  public void reschedule(String cleanupId, int attempts, Instant nextAttemptAt, String lastError) {
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt == null");
    synchronized (lock) {
      byId.computeIfPresent(cleanupId, (k, c) -> new HookCleanup(c.id(), c.provider(), c.tokenOwner(),
          c.providerRepoId(), c.repositoryFullName(), c.providerHookId(), attempts, nextAttemptAt, lastError,
          c.createdAt()));
    }
  }

  /** Everything queued, due or not; for assertions. */
  public List<HookCleanup> all() {
    synchronized (lock) {
      return byId.values().stream().sorted(Comparator.comparing(HookCleanup::nextAttemptAt)).toList();
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.of(byId);
  }
}
