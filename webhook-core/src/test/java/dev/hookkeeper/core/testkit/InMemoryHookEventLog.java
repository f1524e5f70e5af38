package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.port.HookEventLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Hook audit trails in memory, newest first per repository. */
public final class InMemoryHookEventLog
    implements HookEventLog, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final Map<String, HookEvent> byId = new LinkedHashMap<>();

  public InMemoryHookEventLog() {
    this(new Object());
  }

  public InMemoryHookEventLog(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
  }

  @Override
  public void append(HookEvent event) {
    Objects.requireNonNull(event, "event == null");
    synchronized (lock) {
      byId.putIfAbsent(event.id(), event);
    }
  }

  @Override
  public Page<HookEvent> listByRepository(RepositoryId repositoryId, PageRequest page) {
    Objects.requireNonNull(repositoryId, "repositoryId == null");
    synchronized (lock) {
      List<HookEvent> mine =
          byId.values().stream().filter(e -> e.repositoryId().equals(repositoryId)).toList();
      return Paging.newestFirst(mine, e -> new Paging.Key(e.at(), e.id()), page);
    }
  }

  /** Every event, in the order recorded (for tests). */
  public List<HookEvent> all() {
    synchronized (lock) {
      return List.copyOf(byId.values());
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.of(byId);
  }
}
