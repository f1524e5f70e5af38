package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.DeliveryFilter;
import dev.hookkeeper.core.model.DeliveryStats;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RejectedDelivery;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.port.DeliveryLog;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The delivery log on the {@code deliveries} table (authentic deliveries get in through
 * {@link JdbiInbox}) plus the {@code rejection_counts} of refused attempts. Bodies are
 * {@code bytea}, the bytes exactly as received: parsing them into jsonb would cost time on every
 * ingest and would not preserve the signed bytes.
 */
final class JdbiDeliveryLog implements DeliveryLog {

  private final Database db;

  JdbiDeliveryLog(Database db) {
    this.db = db;
  }

  @Override
  public void insertRejected(List<RejectedDelivery> rejected) {
    Objects.requireNonNull(rejected, "rejected == null");
    if (rejected.isEmpty()) return;
    db.useHandle(h -> {
      var batch = h.prepareBatch("INSERT INTO deliveries (id, provider, hook_id, repository_id, delivery_id, event,"
          + " signature_valid, signature_reason, status, headers, body_size, body_sha256, remote_address, received_at,"
          + " due_at) VALUES (:id, :provider, :hook, :repo, :deliveryId, :event, false, :reason, 'rejected',"
          + " CAST(:headers AS jsonb), :size, :sha, :remote, :receivedAt, :receivedAt)");
      for (RejectedDelivery r : rejected) {
        batch.bind("id", r.id())
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
            .add();
      }
      batch.execute();
    });
  }

  /** One upsert per (hook, reason), in key order so that two flushes never lock counters crosswise. */
  @Override
  public void countRejected(List<RejectionTally> tallies) {
    Objects.requireNonNull(tallies, "tallies == null");
    if (tallies.isEmpty()) return;
    List<RejectionTally> ordered = new ArrayList<>(tallies);
    ordered.sort(Comparator.comparing((RejectionTally t) -> t.hookId().value()).thenComparing(RejectionTally::reason));
    db.inTransaction(h -> countIn(h.getConnection(), ordered));
  }

  private static int countIn(java.sql.Connection c, List<RejectionTally> ordered) {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO rejection_counts (hook_id, reason, count)"
        + " VALUES (?, ?, ?) ON CONFLICT (hook_id, reason) DO UPDATE SET count = rejection_counts.count + EXCLUDED.count")) {
      for (RejectionTally t : ordered) {
        ps.setString(1, t.hookId().value());
        ps.setString(2, t.reason());
        ps.setLong(3, t.count());
        ps.addBatch();
      }
      return ps.executeBatch().length;
    } catch (java.sql.SQLException e) {
      throw StoreFailures.translate(new IllegalStateException(e));
    }
  }

  @Override
  public Page<DeliveryEntry> listByRepository(RepositoryId repositoryId, DeliveryFilter filter, PageRequest page) {
    Objects.requireNonNull(filter, "filter == null");
    Cursor after = page.cursor() == null ? null : Cursor.decode(page.cursor());
    List<DeliveryEntry> rows = db.withHandle(h -> {
      var query = h.createQuery("SELECT " + DeliveryRows.ENTRY_COLUMNS + " FROM deliveries WHERE repository_id = :repo"
              + (after == null ? "" : " AND (received_at, id) < (:at, :key)")
              + (filter.status() == null ? "" : " AND status = :status")
              + (filter.event() == null ? "" : " AND event = :event")
              + " ORDER BY received_at DESC, id DESC LIMIT :limit")
          .bind("repo", repositoryId.value())
          .bind("limit", page.limit() + 1);
      if (after != null) query.bind("at", Sql.ts(after.at())).bind("key", after.key());
      if (filter.status() != null) query.bind("status", filter.status().wireName());
      if (filter.event() != null) query.bind("event", filter.event());
      return query.map((rs, ctx) -> DeliveryRows.entry(rs)).list();
    });
    return Pages.of(rows, page.limit(), e -> Cursor.of(e.receivedAt(), e.id()));
  }

  @Override
  public Optional<Delivery> find(RepositoryId repositoryId, String deliveryId) {
    return db.withHandle(h -> h.createQuery("SELECT " + DeliveryRows.DELIVERY_COLUMNS + " FROM deliveries"
            + " WHERE repository_id = :repo AND delivery_id = :deliveryId AND signature_valid"
            + " ORDER BY received_at DESC, id DESC LIMIT 1")
        .bind("repo", repositoryId.value())
        .bind("deliveryId", deliveryId)
        .map((rs, ctx) -> DeliveryRows.delivery(rs))
        .findOne());
  }

  @Override
  public DeliveryStats stats(HookId hookId) {
    return db.withHandle(h -> h.createQuery(
            "SELECT count(*) FILTER (WHERE signature_valid) AS total,"
                + " count(*) FILTER (WHERE status = 'received') AS pending,"
                + " count(*) FILTER (WHERE status = 'failed') AS failed,"
                + " max(received_at) FILTER (WHERE signature_valid) AS last_at,"
                + " (SELECT coalesce(sum(count), 0) FROM rejection_counts WHERE hook_id = :hook) AS rejected"
                + " FROM deliveries WHERE hook_id = :hook")
        .bind("hook", hookId.value())
        .map((rs, ctx) -> new DeliveryStats(rs.getLong("total"), rs.getLong("pending"), rs.getLong("failed"),
            rs.getLong("rejected"), Sql.instant(rs, "last_at")))
        .one());
  }

  @Override
  public int purgeBodiesBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be at least 1");
    // SKIP LOCKED: a purge never waits on (or blocks) a processor settling the same rows, and two
    // instances purging at once split the work instead of queueing on each other
    return db.withHandle(h -> h.createUpdate("UPDATE deliveries SET body = NULL WHERE id IN ("
            + " SELECT id FROM deliveries WHERE body IS NOT NULL AND received_at < :cutoff AND status <> 'received'"
            + " ORDER BY received_at LIMIT :batch FOR UPDATE SKIP LOCKED)")
        .bind("cutoff", Sql.ts(cutoff))
        .bind("batch", batchSize)
        .execute());
  }

  @Override
  public int purgeRejectedBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be at least 1");
    return db.withHandle(h -> h.createUpdate("DELETE FROM deliveries WHERE id IN ("
            + " SELECT id FROM deliveries WHERE NOT signature_valid AND received_at < :cutoff"
            + " ORDER BY received_at LIMIT :batch FOR UPDATE SKIP LOCKED)")
        .bind("cutoff", Sql.ts(cutoff))
        .bind("batch", batchSize)
        .execute());
  }
}
