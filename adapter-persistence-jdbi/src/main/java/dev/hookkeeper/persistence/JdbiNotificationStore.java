package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.NotificationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jdbi.v3.core.statement.PreparedBatch;

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

  /**
   * Two round trips for any number of drafts: one statement bumps every user's counter by that
   * user's count (locking the counter rows in user-id order, whatever order the drafts come in, so
   * two batches never lock two users crosswise) and returns the new last ids; one JDBC batch
   * inserts the numbered notifications. Each user's drafts get consecutive ids in list order.
   */
  @Override
  public List<Notification> appendAll(List<NotificationDraft> drafts) {
    Objects.requireNonNull(drafts, "drafts == null");
    if (drafts.size() <= 1) return drafts.isEmpty() ? List.of() : List.of(append(drafts.get(0)));
    Map<String, Integer> perUser = new TreeMap<>();
    for (NotificationDraft d : drafts) perUser.merge(d.userId().value(), 1, Integer::sum);
    List<String> users = new ArrayList<>(perUser.keySet());
    List<Integer> counts = new ArrayList<>(perUser.values());
    List<String> data = new ArrayList<>(drafts.size());
    for (NotificationDraft d : drafts) data.add(JsonCodec.write(d.data()));
    return db.inTransaction(
        h -> {
          Map<String, Long> lastIds = new HashMap<>();
          h.createQuery(
                  "INSERT INTO notification_counters (user_id, last_id)"
                      + " SELECT u, n FROM unnest(CAST(:users AS text[]), CAST(:counts AS bigint[])) WITH ORDINALITY AS t(u, n, o)"
                      + " ORDER BY o"
                      + " ON CONFLICT (user_id) DO UPDATE SET last_id = notification_counters.last_id + EXCLUDED.last_id"
                      + " RETURNING user_id, last_id")
              .bindArray("users", String.class, users)
              .bindArray("counts", Long.class, counts.stream().map(Integer::longValue).toList())
              .map((rs, ctx) -> Map.entry(rs.getString("user_id"), rs.getLong("last_id")))
              .forEach(e -> lastIds.put(e.getKey(), e.getValue()));
          // the first id of each user's run of ids in this batch
          Map<String, Long> next = new HashMap<>();
          perUser.forEach((user, n) -> next.put(user, lastIds.get(user) - n + 1));
          List<Notification> stored = new ArrayList<>(drafts.size());
          PreparedBatch batch =
              h.prepareBatch(
                  "INSERT INTO notifications (user_id, id, type, data, created_at)"
                      + " VALUES (:user, :id, :type, CAST(:data AS jsonb), :at)");
          for (int i = 0; i < drafts.size(); i++) {
            NotificationDraft d = drafts.get(i);
            long id = next.merge(d.userId().value(), 1L, Long::sum) - 1;
            batch
                .bind("user", d.userId().value())
                .bind("id", id)
                .bind("type", Sql.enumName(d.type()))
                .bind("data", data.get(i))
                .bind("at", Sql.ts(d.createdAt()))
                .add();
            stored.add(new Notification(id, d.userId(), d.type(), d.data(), d.createdAt()));
          }
          batch.execute();
          return stored;
        });
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

  @Override
  public int deleteByUser(UserId userId) {
    return db.inTransaction(
        h -> {
          int deleted =
              h.createUpdate("DELETE FROM notifications WHERE user_id = :user").bind("user", userId.value()).execute();
          h.createUpdate("DELETE FROM notification_counters WHERE user_id = :user").bind("user", userId.value()).execute();
          return deleted;
        });
  }

  /** From the counter row, which retention never deletes: the newest id even when its row is gone. */
  @Override
  public long latestId(UserId userId) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT last_id FROM notification_counters WHERE user_id = :user")
                .bind("user", userId.value())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
  }

  /**
   * Oldest first, by {@code created_at}; {@code SKIP LOCKED} so two instances split the work. The
   * counter rows stay, so ids are never reused.
   */
  @Override
  public int purgeCreatedBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be positive");
    return db.withHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM notifications WHERE (user_id, id) IN (SELECT user_id, id FROM notifications"
                        + " WHERE created_at < :cutoff ORDER BY created_at LIMIT :batch FOR UPDATE SKIP LOCKED)")
                .bind("cutoff", Sql.ts(cutoff))
                .bind("batch", batchSize)
                .execute());
  }
}
