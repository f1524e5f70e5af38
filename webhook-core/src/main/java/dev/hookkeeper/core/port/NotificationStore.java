package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Durable notifications, so a reconnecting live client can catch up. */
public interface NotificationStore {

  /** Stores and numbers the notification; ids increase per user in commit order. */
  Notification append(NotificationDraft draft);

  /**
   * {@link #append} for each draft, inside the caller's transaction: element {@code i} of the
   * result is {@code drafts.get(i)} stored. One user's drafts get increasing ids in list order.
   * Callers that append for several users in one transaction pass the drafts sorted by user id, so
   * that two such transactions lock the users' counters in the same order. Adapters override this
   * to save round trips; the default loops.
   */
  default List<Notification> appendAll(List<NotificationDraft> drafts) {
    Objects.requireNonNull(drafts, "drafts == null");
    List<Notification> stored = new ArrayList<>(drafts.size());
    for (NotificationDraft draft : drafts) stored.add(append(draft));
    return stored;
  }

  /** The user's notifications with id greater than {@code afterId}, oldest first. */
  List<Notification> listAfter(UserId userId, long afterId, int limit);

  /** Deletes every notification of the user, and its numbering; returns how many were deleted. */
  int deleteByUser(UserId userId);
}
