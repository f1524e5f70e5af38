package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.HookStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.SqlStatement;

/** Repository hooks in {@code repository_hooks} (the seed's {@code webhook_*} columns). */
final class JdbiHookStore implements HookStore {

  private static final String COLUMNS =
      "id, repository_id, provider, webhook_id, webhook_secret, webhook_previous_secret,"
          + " token_lookup_hash, webhook_url, webhook_events, webhook_status, failure_reason,"
          + " failure_message, managed_by, secret_version, webhook_created_at, updated_at,"
          + " webhook_last_delivery_at, secret_set_at";
  private static final String VALUES =
      ":id, :repositoryId, :provider, :providerHookId, :secret, :previousSecret, :lookupHash,"
          + " :url, :events, :status, :reason, :message, :managedBy, :secretVersion, :createdAt,"
          + " :updatedAt, :lastDeliveryAt, :secretSetAt";

  private final Database db;

  JdbiHookStore(Database db) {
    this.db = db;
  }

  @Override
  public boolean insertIfAbsent(RepositoryHook hook) {
    Objects.requireNonNull(hook, "hook == null");
    return db.withHandle(
        h ->
            bindAll(
                        h.createUpdate(
                            "INSERT INTO repository_hooks ("
                                + COLUMNS
                                + ") VALUES ("
                                + VALUES
                                + ")"
                                + " ON CONFLICT DO NOTHING"),
                        hook)
                    .execute()
                == 1);
  }

  @Override
  public Optional<RepositoryHook> lockByRepository(RepositoryId repositoryId) {
    return findBy("repository_id = :v FOR UPDATE", repositoryId.value());
  }

  @Override
  public boolean recordProviderHook(
      HookId id, String expectedProviderHookId, String providerHookId, UserId manager, Instant at) {
    Objects.requireNonNull(providerHookId, "providerHookId == null");
    Objects.requireNonNull(manager, "manager == null");
    Objects.requireNonNull(at, "at == null");
    // SET reads the row as it was before this update: an ACTIVE status stays only if that very
    // provider hook earned it
    return db.withHandle(
        h ->
            h.createUpdate(
                        "UPDATE repository_hooks SET webhook_id = :x, managed_by = :manager, updated_at = :at,"
                            + " webhook_status = CASE WHEN webhook_id = :x AND webhook_status = 'active'"
                            + " THEN 'active' ELSE 'pending' END,"
                            + " failure_reason = NULL, failure_message = NULL"
                            + " WHERE id = :id AND (webhook_id IS NOT DISTINCT FROM :expected OR webhook_id = :x)")
                    .bind("id", id.value())
                    .bind("expected", expectedProviderHookId)
                    .bind("x", providerHookId)
                    .bind("manager", manager.value())
                    .bind("at", Sql.ts(at))
                    .execute()
                == 1);
  }

  @Override
  public boolean recordRefusal(
      HookId id,
      String expectedProviderHookId,
      UserId manager,
      FailureReason reason,
      String message,
      Instant at) {
    Objects.requireNonNull(manager, "manager == null");
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(at, "at == null");
    return db.withHandle(
        h ->
            h.createUpdate(
                        "UPDATE repository_hooks SET webhook_status = 'failed', failure_reason = :reason,"
                            + " failure_message = :message, managed_by = :manager, updated_at = :at"
                            + " WHERE id = :id AND webhook_id IS NOT DISTINCT FROM :expected")
                    .bind("id", id.value())
                    .bind("expected", expectedProviderHookId)
                    .bind("reason", Sql.enumName(reason))
                    .bind("message", message)
                    .bind("manager", manager.value())
                    .bind("at", Sql.ts(at))
                    .execute()
                == 1);
  }

  @Override
  public boolean handOver(HookId id, UserId from, UserId to, Instant at) {
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(at, "at == null");
    return db.withHandle(
        h ->
            h.createUpdate(
                        "UPDATE repository_hooks SET managed_by = :to, updated_at = :at WHERE id = :id AND managed_by = :from")
                    .bind("id", id.value())
                    .bind("from", from.value())
                    .bind("to", to.value())
                    .bind("at", Sql.ts(at))
                    .execute()
                == 1);
  }

  @Override
  public boolean rotateSecret(
      HookId id, EncryptedSecret newSecret, String newLookupHash, Instant at) {
    Objects.requireNonNull(newSecret, "newSecret == null");
    Objects.requireNonNull(newLookupHash, "newLookupHash == null");
    Objects.requireNonNull(at, "at == null");
    return db.withHandle(
        h ->
            h.createUpdate(
                        "UPDATE repository_hooks SET webhook_previous_secret = webhook_secret, webhook_secret = :secret,"
                            + " previous_token_lookup_hash = token_lookup_hash, token_lookup_hash = :hash,"
                            + " secret_version = secret_version + 1, secret_set_at = :at, updated_at = :at"
                            + " WHERE id = :id")
                    .bind("id", id.value())
                    .bind("secret", newSecret.value())
                    .bind("hash", newLookupHash)
                    .bind("at", Sql.ts(at))
                    .execute()
                == 1);
  }

  @Override
  public boolean abandonRotation(HookId id, String rotatedLookupHash, Instant at) {
    Objects.requireNonNull(rotatedLookupHash, "rotatedLookupHash == null");
    Objects.requireNonNull(at, "at == null");
    return db.withHandle(
        h ->
            h.createUpdate(
                        "UPDATE repository_hooks SET webhook_secret = webhook_previous_secret,"
                            + " token_lookup_hash = previous_token_lookup_hash, webhook_previous_secret = NULL,"
                            + " previous_token_lookup_hash = NULL, secret_version = secret_version + 1, updated_at = :at"
                            + " WHERE id = :id AND token_lookup_hash = :hash AND webhook_previous_secret IS NOT NULL"
                            + " AND previous_token_lookup_hash IS NOT NULL")
                    .bind("id", id.value())
                    .bind("hash", rotatedLookupHash)
                    .bind("at", Sql.ts(at))
                    .execute()
                == 1);
  }

  @Override
  public List<HookId> retirePreviousSecrets(Instant setBefore, int limit) {
    Objects.requireNonNull(setBefore, "setBefore == null");
    if (limit < 1) throw new IllegalArgumentException("'limit' must be at least 1");
    // SKIP LOCKED: an instance retiring at the same moment takes other rows, never waits
    return db.withHandle(
        h ->
            h.createQuery(
                    "UPDATE repository_hooks SET webhook_previous_secret = NULL, previous_token_lookup_hash = NULL"
                        + " WHERE id IN (SELECT id FROM repository_hooks WHERE webhook_previous_secret IS NOT NULL"
                        + " AND secret_set_at < :cutoff ORDER BY secret_set_at, id LIMIT :limit FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id")
                .bind("cutoff", Sql.ts(setBefore))
                .bind("limit", limit)
                .map((rs, ctx) -> new HookId(rs.getString("id")))
                .list());
  }

  @Override
  public boolean recordSpec(HookId id, String url, List<String> events, Instant at) {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(events, "events == null");
    Objects.requireNonNull(at, "at == null");
    return db.withHandle(
        h ->
            h.createUpdate(
                        "UPDATE repository_hooks SET webhook_url = :url, webhook_events = :events, updated_at = :at"
                            + " WHERE id = :id")
                    .bind("id", id.value())
                    .bind("url", url)
                    .bindArray("events", String.class, events)
                    .bind("at", Sql.ts(at))
                    .execute()
                == 1);
  }

  @Override
  public boolean updateStatusIf(
      HookId id,
      HookStatus expected,
      HookStatus status,
      FailureReason reason,
      String message,
      Instant at) {
    Objects.requireNonNull(expected, "expected == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(at, "at == null");
    return db.withHandle(
        h ->
            h.createUpdate(
                        "UPDATE repository_hooks SET webhook_status = :status, failure_reason = :reason,"
                            + " failure_message = :message, updated_at = :at WHERE id = :id AND webhook_status = :expected")
                    .bind("id", id.value())
                    .bind("expected", Sql.enumName(expected))
                    .bind("status", Sql.enumName(status))
                    .bind("reason", Sql.enumName(reason))
                    .bind("message", message)
                    .bind("at", Sql.ts(at))
                    .execute()
                == 1);
  }

  @Override
  public Map<HookStatus, Long> countByStatus() {
    Map<HookStatus, Long> counts = new EnumMap<>(HookStatus.class);
    for (HookStatus s : HookStatus.values()) counts.put(s, 0L);
    db.useHandle(
        h ->
            h.createQuery(
                    "SELECT webhook_status, count(*) AS n FROM repository_hooks GROUP BY webhook_status")
                .map(
                    (rs, ctx) ->
                        Map.entry(Sql.enumValue(HookStatus.class, rs.getString(1)), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
    return counts;
  }

  @Override
  public boolean updateStatus(
      HookId id, HookStatus status, FailureReason reason, String message, Instant at) {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(at, "at == null");
    // the sub-select reads the status before this update (same snapshot), under the row lock
    return db.withHandle(
        h ->
            h.createQuery(
                    "UPDATE repository_hooks h SET webhook_status = :status, failure_reason = :reason,"
                        + " failure_message = :message, updated_at = :at"
                        + " FROM (SELECT id, webhook_status AS old_status FROM repository_hooks"
                        + "       WHERE id = :id FOR UPDATE) old"
                        + " WHERE h.id = old.id RETURNING old.old_status")
                .bind("id", id.value())
                .bind("status", Sql.enumName(status))
                .bind("reason", Sql.enumName(reason))
                .bind("message", message)
                .bind("at", Sql.ts(at))
                .mapTo(String.class)
                .findOne()
                .map(old -> !old.equals(Sql.enumName(status)))
                .orElse(false));
  }

  @Override
  public void markDelivered(HookId id, Instant at) {
    Objects.requireNonNull(at, "at == null");
    // only forward, and no write (no row lock, no dead row) when it would not move; once per
    // processed batch and hook, a HOT update
    db.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE repository_hooks SET webhook_last_delivery_at = :at WHERE id = :id"
                        + " AND (webhook_last_delivery_at IS NULL OR webhook_last_delivery_at < :at)")
                .bind("id", id.value())
                .bind("at", Sql.ts(at))
                .execute());
  }

  @Override
  public Optional<RepositoryHook> find(HookId id) {
    return findBy("id = :v", id.value());
  }

  @Override
  public Optional<RepositoryHook> findByRepository(RepositoryId repositoryId) {
    return findBy("repository_id = :v", repositoryId.value());
  }

  @Override
  public Optional<RepositoryHook> findByProviderHookId(Provider provider, String providerHookId) {
    return findBy("provider = :p AND webhook_id = :v", providerHookId, provider);
  }

  @Override
  public Optional<RepositoryHook> findByTokenHash(Provider provider, String tokenLookupHash) {
    // the current token first; a previous one only during its rotation's grace period
    return findBy(
        "provider = :p AND (token_lookup_hash = :v OR previous_token_lookup_hash = :v)"
            + " ORDER BY (token_lookup_hash = :v) DESC LIMIT 1",
        tokenLookupHash,
        provider);
  }

  @Override
  public List<RepositoryHook> listManagedBy(UserId manager) {
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM repository_hooks WHERE managed_by = :manager ORDER BY id")
                .bind("manager", manager.value())
                .map((rs, ctx) -> map(rs))
                .list());
  }

  @Override
  public void delete(HookId id) {
    db.useHandle(
        h ->
            h.createUpdate("DELETE FROM repository_hooks WHERE id = :id")
                .bind("id", id.value())
                .execute());
  }

  private Optional<RepositoryHook> findBy(String where, String value) {
    return findBy(where, value, null);
  }

  private Optional<RepositoryHook> findBy(String where, String value, Provider provider) {
    return db.withHandle(
        h -> {
          var query =
              h.createQuery("SELECT " + COLUMNS + " FROM repository_hooks WHERE " + where)
                  .bind("v", value);
          if (provider != null) query.bind("p", provider.id());
          return query.map((rs, ctx) -> map(rs)).findOne();
        });
  }

  private static <S extends SqlStatement<S>> S bindAll(S statement, RepositoryHook hook) {
    return statement
        .bind("id", hook.id().value())
        .bind("repositoryId", hook.repositoryId().value())
        .bind("provider", hook.provider().id())
        .bind("providerHookId", hook.providerHookId())
        .bind("secret", hook.secret().value())
        .bind(
            "previousSecret", hook.previousSecret() == null ? null : hook.previousSecret().value())
        .bind("lookupHash", hook.tokenLookupHash())
        .bind("url", hook.url())
        .bindArray("events", String.class, hook.events())
        .bind("status", Sql.enumName(hook.status()))
        .bind("reason", Sql.enumName(hook.failureReason()))
        .bind("message", hook.failureMessage())
        .bind("managedBy", hook.managedBy().value())
        .bind("secretVersion", hook.secretVersion())
        .bind("createdAt", Sql.ts(hook.createdAt()))
        .bind("updatedAt", Sql.ts(hook.updatedAt()))
        .bind("lastDeliveryAt", Sql.ts(hook.lastDeliveryAt()))
        .bind("secretSetAt", Sql.ts(hook.secretSetAt()));
  }

  private static RepositoryHook map(ResultSet rs) throws SQLException {
    String previous = rs.getString("webhook_previous_secret");
    return new RepositoryHook(
        new HookId(rs.getString("id")),
        new RepositoryId(rs.getString("repository_id")),
        Sql.provider(rs, "provider"),
        rs.getString("webhook_id"),
        new EncryptedSecret(rs.getString("webhook_secret")),
        previous == null ? null : new EncryptedSecret(previous),
        rs.getString("token_lookup_hash"),
        rs.getString("webhook_url"),
        Sql.textArray(rs, "webhook_events"),
        Sql.enumValue(HookStatus.class, rs.getString("webhook_status")),
        Sql.enumValue(FailureReason.class, rs.getString("failure_reason")),
        rs.getString("failure_message"),
        new UserId(rs.getString("managed_by")),
        rs.getInt("secret_version"),
        Sql.instant(rs, "webhook_created_at"),
        Sql.instant(rs, "updated_at"),
        Sql.instant(rs, "webhook_last_delivery_at"),
        Sql.instant(rs, "secret_set_at"));
  }
}
