package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.DeliveryProcessing;
import dev.hookkeeper.core.model.DeliverySource;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.RepositoryId;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads rows of the {@code deliveries} table, shared by the log and the inbox. */
final class DeliveryRows {
  /** Every column a {@link Delivery} needs. */
  static final String DELIVERY_COLUMNS =
      "id, provider, hook_id, repository_id, delivery_id, event, action, headers,"
          + " body, received_at, status, error, attempts, processed_at, replayed_at, replays, source";

  /** Every column a {@link DeliveryEntry} needs (no body, no headers). */
  static final String ENTRY_COLUMNS =
      "id, provider, hook_id, delivery_id, event, action, signature_valid,"
          + " signature_reason, received_at, status, error, attempts, processed_at, replayed_at, replays, source";

  private DeliveryRows() {}

  /**
   * A purged body reads back as empty and flagged: the row and its metadata stay, the bytes are
   * gone.
   */
  static Delivery delivery(ResultSet rs) throws SQLException {
    byte[] body = rs.getBytes("body");
    return withContent(
        withoutContent(rs, body == null),
        Headers.of(JsonCodec.readHeaders(rs.getString("headers"))),
        body);
  }

  /**
   * A delivery from a row read without {@code headers} and {@code body} but with {@code
   * body_purged} ({@code body IS NULL}): empty headers and body until {@link #withContent} attaches
   * them.
   */
  static Delivery deliveryWithoutContent(ResultSet rs) throws SQLException {
    return withoutContent(rs, rs.getBoolean("body_purged"));
  }

  /** The delivery with its stored headers and body; a purged body stays empty. */
  static Delivery withContent(Delivery d, Headers headers, byte[] body) {
    boolean purged = d.bodyPurged() || body == null;
    return d.withContent(headers, purged ? new byte[0] : body, purged);
  }

  private static Delivery withoutContent(ResultSet rs, boolean bodyPurged) throws SQLException {
    return new Delivery(
        rs.getString("id"),
        Sql.provider(rs, "provider"),
        new HookId(rs.getString("hook_id")),
        new RepositoryId(rs.getString("repository_id")),
        rs.getString("delivery_id"),
        rs.getString("event"),
        rs.getString("action"),
        Headers.empty(),
        new byte[0],
        bodyPurged,
        Sql.instant(rs, "received_at"),
        processing(rs),
        Sql.enumValue(DeliverySource.class, rs.getString("source")));
  }

  static DeliveryEntry entry(ResultSet rs) throws SQLException {
    return new DeliveryEntry(
        rs.getString("id"),
        Sql.provider(rs, "provider"),
        new HookId(rs.getString("hook_id")),
        rs.getString("delivery_id"),
        rs.getString("event"),
        rs.getString("action"),
        rs.getBoolean("signature_valid"),
        rs.getString("signature_reason"),
        Sql.instant(rs, "received_at"),
        processing(rs),
        Sql.enumValue(DeliverySource.class, rs.getString("source")));
  }

  private static DeliveryProcessing processing(ResultSet rs) throws SQLException {
    return new DeliveryProcessing(
        Sql.enumValue(ProcessingStatus.class, rs.getString("status")),
        rs.getString("error"),
        rs.getInt("attempts"),
        Sql.instant(rs, "processed_at"),
        Sql.instant(rs, "replayed_at"),
        rs.getInt("replays"));
  }
}
