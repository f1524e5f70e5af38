package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.InboxBacklog;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.port.Inbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The inbox: a pending delivery is a row of {@code deliveries} with status {@code received} and a
 * row of {@code inbox} (its arrival order, repository and next attempt), the two written by one
 * statement on append and on settle. The log row's status is in no index, so the settle updates it
 * in place (HOT) and the small {@code inbox} table takes the queue's churn. A processor claims a
 * repository with a transaction-scoped advisory lock (taken with "try", so processors never wait
 * for each other and never deadlock); every process on the database sees the same locks, so one
 * repository is processed by one processor at a time across all instances. Replays take the same
 * lock, waiting, so a replay never interleaves with the processing of its repository.
 */
final class JdbiInbox implements Inbox {
  /** The advisory-lock namespace of repository claims ("hk"). */
  static final int LOCK_SPACE = 0x686b;

  static final int ROWS_PER_STATEMENT = 64;

  /**
   * A claim looks this many times further than its limit, past repositories other processors hold.
   */
  private static final int SCAN_FACTOR = 4;

  private static final Comparator<Delivery> DEDUP_KEY_ORDER =
      Comparator.comparing((Delivery d) -> d.provider().id())
          .thenComparing(d -> d.hookId().value())
          .thenComparing(Delivery::deliveryId);
  private static final String[] APPEND_ROWS = new String[ROWS_PER_STATEMENT + 1];

  static {
    String row = "(?, ?, ?, ?, ?, ?, true, 'received', CAST(? AS jsonb), ?, ?, ?, ?, ?)";
    for (int n = 1; n <= ROWS_PER_STATEMENT; n++) {
      APPEND_ROWS[n] =
          "WITH stored AS (INSERT INTO deliveries (id, provider, hook_id, repository_id, delivery_id, event,"
              + " signature_valid, status, headers, body, body_size, received_at, due_at, source)"
              + " VALUES "
              + String.join(", ", Collections.nCopies(n, row))
              + " ON CONFLICT (provider, hook_id, delivery_id) WHERE signature_valid DO NOTHING"
              + " RETURNING id, seq, repository_id, due_at)"
              + " INSERT INTO inbox (id, seq, repository_id, due_at)"
              + " SELECT id, seq, repository_id, due_at FROM stored RETURNING id";
    }
  }

  /** The claim's columns: all a {@link Delivery} needs but its headers and body. */
  private static final String CLAIM_COLUMNS =
      "d.id, d.provider, d.hook_id, d.repository_id, d.delivery_id, d.event, d.action,"
          + " d.body IS NULL AS body_purged, d.received_at, d.status, d.error, d.attempts,"
          + " d.processed_at, d.replayed_at, d.replays, d.source";

  private final Database db;
  private final RecentAppends recent;

  JdbiInbox(Database db) {
    this(db, new RecentAppends(RecentAppends.DEFAULT_BUDGET_BYTES));
  }

  JdbiInbox(Database db, RecentAppends recent) {
    this.db = db;
    this.recent = recent;
  }

  /**
   * One multi-row INSERT per (up to) {@value #ROWS_PER_STATEMENT} deliveries, in one transaction:
   * rows go in list order and {@code RETURNING} names the new ones, so a key repeated inside the
   * batch simply conflicts with its earlier copy. Rows are sent in dedup-key order so that two
   * appends holding overlapping keys wait on each other in one direction only, never crosswise.
   * Bodies travel as separate parameters: one {@code bytea[]} of 64 bodies would be a humongous
   * allocation for G1 on every batch.
   */
  @Override
  public boolean[] append(List<Delivery> deliveries) {
    Objects.requireNonNull(deliveries, "deliveries == null");
    if (deliveries.isEmpty()) return new boolean[0];
    List<Delivery> rows = new ArrayList<>(deliveries.size());
    for (Delivery d : deliveries) rows.add(storedForm(d));
    rows.sort(DEDUP_KEY_ORDER); // stable: copies of a key keep their list order
    Set<String> inserted =
        db.inTransaction(
            h -> {
              Set<String> ids = new HashSet<>(rows.size() * 2);
              try {
                Connection c = h.getConnection();
                for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
                  insertRows(
                      c, rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT)), ids);
                }
              } catch (SQLException e) {
                throw StoreFailures.translate(new IllegalStateException(e));
              }
              return ids;
            });
    for (Delivery d : rows) {
      if (inserted.contains(d.id())) recent.put(d.id(), d.headers(), d.body());
    }
    boolean[] fresh = new boolean[deliveries.size()];
    for (int i = 0; i < fresh.length; i++) fresh[i] = inserted.contains(deliveries.get(i).id());
    return fresh;
  }

  /** The delivery as its row holds it: credentials out of the headers. */
  private static Delivery storedForm(Delivery d) {
    return d.withContent(d.headers().withoutCredentials(), d.body(), d.bodyPurged());
  }

  private static void insertRows(Connection c, List<Delivery> rows, Set<String> inserted)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(APPEND_ROWS[rows.size()])) {
      int p = 1;
      for (Delivery d : rows) {
        ps.setString(p++, d.id());
        ps.setString(p++, d.provider().id());
        ps.setString(p++, d.hookId().value());
        ps.setString(p++, d.repositoryId().value());
        ps.setString(p++, d.deliveryId());
        ps.setString(p++, d.event());
        ps.setString(p++, JsonCodec.writeHeaders(d.headers().asMap()));
        ps.setBytes(p++, d.body());
        ps.setInt(p++, d.body().length);
        ps.setObject(p++, Sql.ts(d.receivedAt()));
        ps.setObject(p++, Sql.ts(d.receivedAt()));
        ps.setString(p++, Sql.enumName(d.source()));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) inserted.add(rs.getString(1));
      }
    }
  }

  /**
   * Headers and bodies come from {@link RecentAppends} when this process appended the delivery
   * lately, else from the table in one more statement for the batch: the claim never detoasts a
   * body it already holds.
   */
  @Override
  public List<Delivery> claimDue(Instant now, int limit) {
    if (limit < 1) throw new IllegalArgumentException("'limit' must be at least 1");
    return db.withHandle(
        h -> {
          List<Delivery> rows =
              h.createQuery(
                      "WITH due AS ("
                          + " SELECT id, repository_id, seq FROM inbox"
                          + " WHERE due_at <= :now ORDER BY seq LIMIT :scan),"
                          + " mine AS ("
                          + " SELECT repository_id FROM (SELECT DISTINCT repository_id FROM due) r"
                          + " WHERE pg_try_advisory_xact_lock(:space, hashtext(repository_id)))"
                          + " SELECT "
                          + CLAIM_COLUMNS
                          + " FROM due JOIN deliveries d ON d.id = due.id"
                          + " WHERE due.repository_id IN (SELECT repository_id FROM mine)"
                          + " ORDER BY due.seq LIMIT :limit")
                  .bind("now", Sql.ts(now))
                  .bind("scan", limit * SCAN_FACTOR)
                  .bind("space", LOCK_SPACE)
                  .bind("limit", limit)
                  .map((rs, ctx) -> DeliveryRows.deliveryWithoutContent(rs))
                  .list();
          List<String> toRead = new ArrayList<>();
          Map<String, RecentAppends.Held> held = new HashMap<>(rows.size() * 2);
          for (Delivery row : rows) {
            RecentAppends.Held mine = recent.take(row.id());
            if (mine != null) held.put(row.id(), mine);
            else toRead.add(row.id());
          }
          if (!toRead.isEmpty()) held.putAll(readStored(h, toRead));
          List<Delivery> claimed = new ArrayList<>(rows.size());
          for (Delivery row : rows) {
            RecentAppends.Held stored = held.get(row.id());
            claimed.add(
                stored == null
                    ? DeliveryRows.withContent(row, Headers.empty(), null)
                    : DeliveryRows.withContent(row, stored.headers(), stored.body()));
          }
          return claimed;
        });
  }

  /** The stored headers and bodies of these deliveries, by id. */
  private static Map<String, RecentAppends.Held> readStored(Handle h, List<String> ids) {
    Map<String, RecentAppends.Held> stored = new HashMap<>(ids.size() * 2);
    h.createQuery("SELECT id, headers, body FROM deliveries WHERE id = ANY(:ids)")
        .bindArray("ids", String.class, ids)
        .map(
            (rs, ctx) ->
                Map.entry(
                    rs.getString("id"),
                    new RecentAppends.Held(
                        Headers.of(JsonCodec.readHeaders(rs.getString("headers"))),
                        rs.getBytes("body"))))
        .forEach(e -> stored.put(e.getKey(), e.getValue()));
    return stored;
  }

  @Override
  public Optional<Delivery> claim(String id) {
    return db.withHandle(
        h -> {
          Optional<String> repo =
              h.createQuery(
                      "SELECT repository_id FROM deliveries WHERE id = :id AND signature_valid")
                  .bind("id", id)
                  .mapTo(String.class)
                  .findOne();
          if (repo.isEmpty()) return Optional.empty();
          lockRepository(h, repo.get());
          return h.createQuery(
                  "SELECT "
                      + DeliveryRows.DELIVERY_COLUMNS
                      + " FROM deliveries"
                      + " WHERE id = :id AND status = 'received'")
              .bind("id", id)
              .map((rs, ctx) -> DeliveryRows.delivery(rs))
              .findOne();
        });
  }

  /** One statement for the whole batch: the settlements travel as parallel arrays. */
  @Override
  public void settle(List<Settlement> settlements) {
    if (settlements.isEmpty()) return;
    int n = settlements.size();
    String[][] columns = new String[6][n];
    for (int i = 0; i < n; i++) {
      Settlement s = settlements.get(i);
      columns[0][i] = s.id();
      columns[1][i] = Sql.enumName(s.status());
      columns[2][i] = s.action();
      columns[3][i] = s.error();
      columns[4][i] = Integer.toString(s.attempts());
      columns[5][i] = Sql.ts(s.at()).toString();
    }
    db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "WITH s AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
                      + " ?::text[]::int[], ?::text[]::timestamptz[]) AS s(id, status, action, error, attempts, at)),"
                      + " settled AS (DELETE FROM inbox i USING s WHERE i.id = s.id)"
                      + " UPDATE deliveries d SET status = s.status, action = s.action, error = s.error,"
                      + " attempts = s.attempts, processed_at = s.at"
                      + " FROM s WHERE d.id = s.id AND d.status = 'received'")) {
            for (int k = 0; k < columns.length; k++)
              ps.setArray(k + 1, c.createArrayOf("text", columns[k]));
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public void retryLater(String id, int attempts, Instant at, String error) {
    db.useHandle(
        h ->
            h.createUpdate(
                    "WITH later AS (UPDATE inbox SET due_at = :at WHERE id = :id)"
                        + " UPDATE deliveries SET attempts = :attempts, due_at = :at, error = :error"
                        + " WHERE id = :id AND status = 'received'")
                .bind("id", id)
                .bind("attempts", attempts)
                .bind("at", Sql.ts(at))
                .bind("error", error)
                .execute());
  }

  /** After a requeue's update of the log rows: their inbox rows, in their first arrival order. */
  private static final String BACK_IN_INBOX =
      "INSERT INTO inbox (id, seq, repository_id, due_at)"
          + " SELECT id, seq, repository_id, :at FROM requeued"
          + " ON CONFLICT (id) DO UPDATE SET due_at = EXCLUDED.due_at";

  private static final String REQUEUE_SET =
      "status = 'received', attempts = 0, error = NULL, due_at = :at,"
          + " replayed_at = :at, replays = replays + 1";

  @Override
  public Requeue requeue(RepositoryId repositoryId, String id, Instant at) {
    return db.inTransaction(
        h -> {
          lockRepository(h, repositoryId.value());
          Optional<Boolean> purged =
              h.createQuery(
                      "SELECT body IS NULL FROM deliveries"
                          + " WHERE id = :id AND repository_id = :repo AND signature_valid")
                  .bind("id", id)
                  .bind("repo", repositoryId.value())
                  .mapTo(Boolean.class)
                  .findOne();
          if (purged.isEmpty()) return Requeue.NOT_FOUND;
          if (purged.get()) return Requeue.BODY_PURGED;
          h.createUpdate(
                  "WITH requeued AS (UPDATE deliveries SET "
                      + REQUEUE_SET
                      + " WHERE id = :id RETURNING id, seq, repository_id) "
                      + BACK_IN_INBOX)
              .bind("id", id)
              .bind("at", Sql.ts(at))
              .execute();
          return Requeue.QUEUED;
        });
  }

  @Override
  public int requeueMatching(
      RepositoryId repositoryId, ReplayFilter filter, Instant at, int limit) {
    return db.inTransaction(
        h -> {
          lockRepository(h, repositoryId.value());
          var update =
              h.createUpdate(
                      "WITH requeued AS (UPDATE deliveries SET "
                          + REQUEUE_SET
                          + " WHERE id IN ("
                          + " SELECT id FROM deliveries WHERE repository_id = :repo AND signature_valid AND body IS NOT NULL"
                          + (filter.status() == null ? "" : " AND status = :status")
                          + (filter.since() == null ? "" : " AND received_at >= :since")
                          + " ORDER BY seq LIMIT :limit) RETURNING id, seq, repository_id) "
                          + BACK_IN_INBOX)
                  .bind("repo", repositoryId.value())
                  .bind("at", Sql.ts(at))
                  .bind("limit", limit);
          if (filter.status() != null) update.bind("status", Sql.enumName(filter.status()));
          if (filter.since() != null) update.bind("since", Sql.ts(filter.since()));
          return update.execute();
        });
  }

  @Override
  public InboxBacklog backlog() {
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) AS pending, min(d.received_at) AS oldest"
                        + " FROM inbox i JOIN deliveries d ON d.id = i.id")
                .map(
                    (rs, ctx) -> new InboxBacklog(rs.getLong("pending"), Sql.instant(rs, "oldest")))
                .one());
  }

  /** Waits for (and holds until the transaction ends) the repository's claim. */
  private static void lockRepository(Handle h, String repositoryId) {
    h.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:space, hashtext(:repo))) AS locked")
        .bind("space", LOCK_SPACE)
        .bind("repo", repositoryId)
        .mapTo(Integer.class)
        .one();
  }
}
