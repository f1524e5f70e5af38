package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.NotificationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Notifications numbered from one sequence under the store lock, so ids rise in commit order.
 * Like a database sequence, a rolled-back append leaves a gap rather than reusing its id.
 */
public final class InMemoryNotificationStore implements NotificationStore, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final List<Notification> notifications = new ArrayList<>();
  private long lastId;

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
      Notification stored = new Notification(++lastId, draft.userId(), draft.type(), draft.data(), draft.createdAt());
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
      return before - notifications.size();
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.of(notifications);
  }
}
