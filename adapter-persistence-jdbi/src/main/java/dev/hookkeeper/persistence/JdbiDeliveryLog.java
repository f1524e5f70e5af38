package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.DeliveryStats;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.RejectedDelivery;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.port.DeliveryLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The delivery log. Authentic deliveries are deduplicated by the partial unique index
 * {@code deliveries_dedup_key} with {@code INSERT … ON CONFLICT DO NOTHING}: of concurrent
 * duplicates exactly one inserts, the others wait for its commit and then insert nothing. Bodies
 * are {@code bytea}, the bytes exactly as received (parsing them into jsonb would cost time on
 * every ingest and would not preserve the signed bytes).
 */
final class JdbiDeliveryLog implements DeliveryLog {

  private static final String ENTRY_COLUMNS =
      "id, provider, hook_id, delivery_id, event, action, signature_valid, signature_reason, status,"
          + " error, duration_micros, received_at";

  private final Database db;

  JdbiDeliveryLog(Database db) {
    this.db = db;
  }

  private static final String INSERT =
      "INSERT INTO deliveries (id, provider, hook_id, repository_id, delivery_id, event, action,"
          + " signature_valid, status, error, duration_micros, headers, body, body_size,"
          + " received_at, processed_at)"
          + " VALUES (:id, :provider, :hook, :repo, :deliveryId, :event, :action, true, :status,"
          + " :error, :micros, CAST(:headers AS jsonb), :body, :size, :receivedAt, :processedAt)"
          + " ON CONFLICT (provider, hook_id, delivery_id) WHERE signature_valid DO NOTHING";

  @Override
  public boolean insert(Delivery d) {
    Objects.requireNonNull(d, "delivery == null");
    return db.withHandle(h -> bind(h.createUpdate(INSERT), d).execute() == 1);
  }

  /**
   * One multi-row INSERT per (up to) {@value #ROWS_PER_STATEMENT} deliveries: rows are inserted in
   * list order and {@code RETURNING} names the ones that were new, so a key repeated inside the
   * batch simply conflicts with its earlier copy. Against a JDBC batch of one INSERT per row this
   * saves PostgreSQL's per-statement work (measured in docs/performance.md). The bodies travel as
   * separate parameters, not as one {@code bytea[]}: an array of 64 bodies is a 1.4 MB buffer in
   * the driver, a humongous allocation for G1 on every batch.
   */
  @Override
  public boolean[] insertAll(List<Delivery> deliveries) {
    Objects.requireNonNull(deliveries, "deliveries == null");
    if (deliveries.isEmpty()) return new boolean[0];
    if (deliveries.size() == 1) return new boolean[] {insert(deliveries.get(0))};
    // in dedup-key order (stable, so copies keep theirs): two batches inserting overlapping keys
    // then wait on each other in one direction only, never crosswise
    List<Delivery> rows = new ArrayList<>(deliveries);
    rows.sort(DEDUP_KEY_ORDER);
    Set<String> inserted = db.withConnection(c -> {
      Set<String> ids = new HashSet<>(rows.size() * 2);
      for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
        insertRows(c, rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT)), ids);
      }
      return ids;
    });
    boolean[] fresh = new boolean[deliveries.size()];
    for (int i = 0; i < fresh.length; i++) fresh[i] = inserted.contains(deliveries.get(i).id());
    return fresh;
  }

  static final int ROWS_PER_STATEMENT = 64;
  private static final Comparator<Delivery> DEDUP_KEY_ORDER = Comparator
      .comparing((Delivery d) -> d.provider().id())
      .thenComparing(d -> d.hookId().value())
      .thenComparing(Delivery::deliveryId);
  private static final String[] INSERT_ROWS = new String[ROWS_PER_STATEMENT + 1];

  static {
    String row = "(?, ?, ?, ?, ?, ?, ?, true, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?)";
    for (int n = 1; n <= ROWS_PER_STATEMENT; n++) {
      INSERT_ROWS[n] = "INSERT INTO deliveries (id, provider, hook_id, repository_id, delivery_id, event, action,"
          + " signature_valid, status, error, duration_micros, headers, body, body_size, received_at, processed_at)"
          + " VALUES " + String.join(", ", Collections.nCopies(n, row))
          + " ON CONFLICT (provider, hook_id, delivery_id) WHERE signature_valid DO NOTHING RETURNING id";
    }
  }

  private static void insertRows(Connection c, List<Delivery> rows, Set<String> inserted) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_ROWS[rows.size()])) {
      int p = 1;
      for (Delivery d : rows) {
        ps.setString(p++, d.id());
        ps.setString(p++, d.provider().id());
        ps.setString(p++, d.hookId().value());
        ps.setString(p++, d.repositoryId().value());
        ps.setString(p++, d.deliveryId());
        ps.setString(p++, d.event());
        ps.setString(p++, d.action());
        ps.setString(p++, Sql.enumName(d.status()));
        ps.setString(p++, d.error());
        ps.setLong(p++, d.durationMicros());
        ps.setString(p++, JsonCodec.write(d.headers().withoutCredentials().asMap()));
        ps.setBytes(p++, d.body());
        ps.setInt(p++, d.body().length);
        ps.setObject(p++, Sql.ts(d.receivedAt()));
        ps.setObject(p++, Sql.ts(d.processedAt()));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) inserted.add(rs.getString(1));
      }
    }
  }

  private static <S extends SqlStatement<S>> S bind(S statement, Delivery d) {
    return statement
        .bind("id", d.id())
        .bind("provider", d.provider().id())
        .bind("hook", d.hookId().value())
        .bind("repo", d.repositoryId().value())
        .bind("deliveryId", d.deliveryId())
        .bind("event", d.event())
        .bind("action", d.action())
        .bind("status", Sql.enumName(d.status()))
        .bind("error", d.error())
        .bind("micros", d.durationMicros())
        .bind("headers", JsonCodec.write(d.headers().withoutCredentials().asMap()))
        .bind("body", d.body())
        .bind("size", d.body().length)
        .bind("receivedAt", Sql.ts(d.receivedAt()))
        .bind("processedAt", Sql.ts(d.processedAt()));
  }

  @Override
  public void insertRejected(RejectedDelivery r) {
    Objects.requireNonNull(r, "rejected == null");
    db.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO deliveries (id, provider, hook_id, repository_id, delivery_id, event,"
                        + " signature_valid, signature_reason, status, duration_micros, headers, body_size,"
                        + " body_sha256, remote_address, received_at)"
                        + " VALUES (:id, :provider, :hook, :repo, :deliveryId, :event, false, :reason,"
                        + " 'rejected', 0, CAST(:headers AS jsonb), :size, :sha, :remote, :receivedAt)")
                .bind("id", r.id())
                .bind("provider", r.provider().id())
                .bind("hook", r.hookId().value())
                .bind("repo", r.repositoryId().value())
                .bind("deliveryId", r.deliveryId())
                .bind("event", r.event())
                .bind("reason", r.reason())
                .bind("headers", JsonCodec.write(r.headers().withoutCredentials().asMap()))
                .bind("size", r.bodySize())
                .bind("sha", r.bodySha256())
                .bind("remote", r.remoteAddress())
                .bind("receivedAt", Sql.ts(r.receivedAt()))
                .execute());
  }

  @Override
  public Page<DeliveryEntry> listByRepository(RepositoryId repositoryId, PageRequest page) {
    Cursor after = page.cursor() == null ? null : Cursor.decode(page.cursor());
    List<DeliveryEntry> rows =
        db.withHandle(
            h -> {
              var query =
                  h.createQuery(
                          "SELECT " + ENTRY_COLUMNS + " FROM deliveries WHERE repository_id = :repo"
                              + (after == null ? "" : " AND (received_at, id) < (:at, :key)")
                              + " ORDER BY received_at DESC, id DESC LIMIT :limit")
                      .bind("repo", repositoryId.value())
                      .bind("limit", page.limit() + 1);
              if (after != null) query.bind("at", Sql.ts(after.at())).bind("key", after.key());
              return query.map((rs, ctx) -> entry(rs)).list();
            });
    return Pages.of(rows, page.limit(), e -> Cursor.of(e.receivedAt(), e.id()));
  }

  @Override
  public Optional<Delivery> find(RepositoryId repositoryId, String deliveryId) {
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM deliveries WHERE repository_id = :repo AND delivery_id = :deliveryId"
                        + " AND signature_valid ORDER BY received_at DESC, id DESC LIMIT 1")
                .bind("repo", repositoryId.value())
                .bind("deliveryId", deliveryId)
                .map((rs, ctx) -> delivery(rs))
                .findOne());
  }

  @Override
  public DeliveryStats stats(HookId hookId) {
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) AS total,"
                        + " count(*) FILTER (WHERE status IN ('failed', 'rejected')) AS failed,"
                        + " max(received_at) FILTER (WHERE signature_valid) AS last_at"
                        + " FROM deliveries WHERE hook_id = :hook")
                .bind("hook", hookId.value())
                .map((rs, ctx) -> new DeliveryStats(rs.getLong("total"), rs.getLong("failed"), Sql.instant(rs, "last_at")))
                .one());
  }

  @Override
  public int purgeBodiesBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be at least 1");
    // SKIP LOCKED: a purge never waits on (or blocks) an ingest touching the same rows, and two
    // instances purging at once split the work instead of queueing on each other
    return db.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE deliveries SET body = NULL WHERE id IN ("
                        + " SELECT id FROM deliveries WHERE body IS NOT NULL AND received_at < :cutoff AND octet_length(body) > 0"
                        + " ORDER BY received_at LIMIT :batch FOR UPDATE SKIP LOCKED)")
                .bind("cutoff", Sql.ts(cutoff))
                .bind("batch", batchSize)
                .execute());
  }

  private static DeliveryEntry entry(ResultSet rs) throws SQLException {
    return new DeliveryEntry(
        rs.getString("id"),
        Sql.provider(rs, "provider"),
        new HookId(rs.getString("hook_id")),
        rs.getString("delivery_id"),
        rs.getString("event"),
        rs.getString("action"),
        rs.getBoolean("signature_valid"),
        rs.getString("signature_reason"),
        Sql.enumValue(ProcessingStatus.class, rs.getString("status")),
        rs.getString("error"),
        rs.getLong("duration_micros"),
        Sql.instant(rs, "received_at"));
  }

  /** A purged body reads back as empty: the row and its metadata stay, the bytes are gone. */
  private static Delivery delivery(ResultSet rs) throws SQLException {
    byte[] body = rs.getBytes("body");
    return new Delivery(
        rs.getString("id"),
        Sql.provider(rs, "provider"),
        new HookId(rs.getString("hook_id")),
        new RepositoryId(rs.getString("repository_id")),
        rs.getString("delivery_id"),
        rs.getString("event"),
        rs.getString("action"),
        Sql.enumValue(ProcessingStatus.class, rs.getString("status")),
        rs.getString("error"),
        Headers.of(JsonCodec.readHeaders(rs.getString("headers"))),
        body == null ? new byte[0] : body,
        rs.getLong("duration_micros"),
        Sql.instant(rs, "received_at"),
        Sql.instant(rs, "processed_at"));
  }
}
