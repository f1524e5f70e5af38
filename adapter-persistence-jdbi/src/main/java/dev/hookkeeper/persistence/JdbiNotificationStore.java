package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.NotificationStore;
import java.util.List;
import java.util.Objects;

/**
 * Notifications numbered per user in commit order. The number comes from the user's counter row,
 * bumped in the same transaction as the insert: the row lock makes a second append for the same
 * user wait until the first commits, so no client can see id n+1 and later miss id n. Appends for
 * different users never wait on each other.
 */
final class JdbiNotificationStore implements NotificationStore {

  private final Database db;

  JdbiNotificationStore(Database db) {
    this.db = db;
  }

  @Override
  public Notification append(NotificationDraft draft) {
    Objects.requireNonNull(draft, "draft == null");
    String data = JsonCodec.write(draft.data());
    long id =
        db.inTransaction(
            h -> {
              long next =
                  h.createQuery(
                          "INSERT INTO notification_counters (user_id, last_id) VALUES (:user, 1)"
                              + " ON CONFLICT (user_id) DO UPDATE SET last_id = notification_counters.last_id + 1"
                              + " RETURNING last_id")
                      .bind("user", draft.userId().value())
                      .mapTo(Long.class)
                      .one();
              h.createUpdate(
                      "INSERT INTO notifications (user_id, id, type, data, created_at)"
                          + " VALUES (:user, :id, :type, CAST(:data AS jsonb), :at)")
                  .bind("user", draft.userId().value())
                  .bind("id", next)
                  .bind("type", Sql.enumName(draft.type()))
                  .bind("data", data)
                  .bind("at", Sql.ts(draft.createdAt()))
                  .execute();
              return next;
            });
    return new Notification(id, draft.userId(), draft.type(), draft.data(), draft.createdAt());
  }

  @Override
  public List<Notification> listAfter(UserId userId, long afterId, int limit) {
    if (limit < 1) throw new IllegalArgumentException("'limit' must be at least 1");
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM notifications WHERE user_id = :user AND id > :after ORDER BY id LIMIT :limit")
                .bind("user", userId.value())
                .bind("after", afterId)
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new Notification(
                            rs.getLong("id"),
                            userId,
                            Sql.enumValue(NotificationType.class, rs.getString("type")),
                            JsonCodec.readObject(rs.getString("data")),
                            Sql.instant(rs, "created_at")))
                .list());
  }
}
