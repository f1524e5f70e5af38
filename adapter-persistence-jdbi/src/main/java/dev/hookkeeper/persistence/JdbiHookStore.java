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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.SqlStatement;

/** Repository hooks in {@code repository_hooks} (the seed's {@code webhook_*} columns). */
final class JdbiHookStore implements HookStore {

  private static final String COLUMNS =
      "id, repository_id, provider, webhook_id, webhook_secret, webhook_previous_secret,"
          + " token_lookup_hash, webhook_url, webhook_events, webhook_status, failure_reason,"
          + " failure_message, managed_by, secret_version, webhook_created_at, updated_at,"
          + " webhook_last_delivery_at";
  private static final String VALUES =
      ":id, :repositoryId, :provider, :providerHookId, :secret, :previousSecret, :lookupHash,"
          + " :url, :events, :status, :reason, :message, :managedBy, :secretVersion, :createdAt,"
          + " :updatedAt, :lastDeliveryAt";

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
                            + " token_lookup_hash = :hash, secret_version = secret_version + 1, updated_at = :at"
                            + " WHERE id = :id")
                    .bind("id", id.value())
                    .bind("secret", newSecret.value())
                    .bind("hash", newLookupHash)
                    .bind("at", Sql.ts(at))
                    .execute()
                == 1);
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
    return findBy("provider = :p AND token_lookup_hash = :v", tokenLookupHash, provider);
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
        .bind("lastDeliveryAt", Sql.ts(hook.lastDeliveryAt()));
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
        Sql.instant(rs, "webhook_last_delivery_at"));
  }
}
