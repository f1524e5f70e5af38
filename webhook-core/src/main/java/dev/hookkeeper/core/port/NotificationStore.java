package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.UserId;
import java.util.List;

/** Durable notifications, so a reconnecting live client can catch up. */
public interface NotificationStore {

  /** Stores and numbers the notification; ids increase per user in commit order. */
  Notification append(NotificationDraft draft);

  /** The user's notifications with id greater than {@code afterId}, oldest first. */
  List<Notification> listAfter(UserId userId, long afterId, int limit);
}
