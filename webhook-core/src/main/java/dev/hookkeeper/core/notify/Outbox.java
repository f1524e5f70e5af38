package dev.hookkeeper.core.notify;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.NotificationStore;
import dev.hookkeeper.core.port.Notifier;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Notifications of one unit of work: stored inside its transaction, pushed live only after the
 * commit, so a client never sees a notification that was rolled back, and every id it sees is
 * durable. Not thread-safe: one per unit of work.
 */
public final class Outbox {
  private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

  private final List<Notification> stored = new ArrayList<>();
  private final List<NotificationDraft> later = new ArrayList<>();

  /**
   * The connections in the order their users' notifications are appended. A durable store numbers
   * notifications with a per-user counter row locked until commit; appending in one global order
   * (by user id) keeps two concurrent transactions from locking two users' rows crosswise.
   */
  public static List<Connection> inLockOrder(List<Connection> connections) {
    return connections.stream().sorted(Comparator.comparing(c -> c.userId().value())).toList();
  }

  /** Appends inside the current transaction. */
  public void add(NotificationStore store, UserId user, NotificationType type, Map<String, Object> data, Instant at) {
    stored.add(store.append(new NotificationDraft(user, type, data, at)));
  }

  /** Keeps a notification to append with the others at the end of the transaction. */
  public void addLater(UserId user, NotificationType type, Map<String, Object> data, Instant at) {
    later.add(new NotificationDraft(user, type, data, at));
  }

  /**
   * Appends what {@link #addLater} kept, inside the current transaction, in one call and in lock
   * order: sorted by user id (stable, so each user's notifications keep their order). A batch
   * touching many users thus locks their counters in the same global order as every other batch.
   */
  public void appendLater(NotificationStore store) {
    if (later.isEmpty()) return;
    List<NotificationDraft> sorted = new ArrayList<>(later);
    sorted.sort(Comparator.comparing(d -> d.userId().value()));
    stored.addAll(store.appendAll(sorted));
    later.clear();
  }

  /** Pushes to live clients; best effort, since a client that misses one replays from the store. */
  public void publishAfterCommit(Notifier notifier) {
    for (Notification n : stored) {
      try {
        notifier.publish(n);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "live notification " + n.id() + " not pushed: " + e);
      }
    }
  }
}
