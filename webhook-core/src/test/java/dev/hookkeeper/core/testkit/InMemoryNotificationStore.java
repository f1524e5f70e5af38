package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.NotificationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Notifications numbered per user from a counter, under the store lock, so each user's ids are
 * 1, 2, 3, … in commit order. The counters roll back with a transaction, as the database's
 * counter rows do; retention deletes notifications but never a counter.
 */
public final class InMemoryNotificationStore implements NotificationStore, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final List<Notification> notifications = new ArrayList<>();
  private final Map<UserId, Long> lastIds = new HashMap<>();

  public InMemoryNotificationStore() {
    this(new Object());
  }

  public InMemoryNotificationStore(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
  }

  @Override
  public Notification append(NotificationDraft draft) {
    Objects.requireNonNull(draft, "draft == null");
    synchronized (lock) {
      long id = lastIds.merge(draft.userId(), 1L, Long::sum);
      Notification stored = new Notification(id, draft.userId(), draft.type(), draft.data(), draft.createdAt());
      notifications.add(stored);
      return stored;
    }
  }

  @Override
  public List<Notification> listAfter(UserId userId, long afterId, int limit) {
    if (limit < 1) throw new IllegalArgumentException("'limit' must be positive");
    synchronized (lock) {
      return notifications.stream()
          .filter(n -> n.userId().equals(userId) && n.id() > afterId)
          .limit(limit)
          .toList();
    }
  }

  @Override
  public int deleteByUser(UserId userId) {
    Objects.requireNonNull(userId, "userId == null");
    synchronized (lock) {
      int before = notifications.size();
      notifications.removeIf(n -> n.userId().equals(userId));
      lastIds.remove(userId); // the numbering goes with them, as the database's counter row does
      return before - notifications.size();
    }
  }

  @Override
  public long latestId(UserId userId) {
    synchronized (lock) {
      return lastIds.getOrDefault(userId, 0L);
    }
  }

  @Override
  public int purgeCreatedBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be positive");
    synchronized (lock) {
      List<Notification> expired = notifications.stream()
          .filter(n -> n.createdAt().isBefore(cutoff))
          .sorted(Comparator.comparing(Notification::createdAt))
          .limit(batchSize)
          .toList();
      notifications.removeAll(expired);
      return expired.size();
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.all(Checkpoints.of(notifications), Checkpoints.of(lastIds));
  }
}
