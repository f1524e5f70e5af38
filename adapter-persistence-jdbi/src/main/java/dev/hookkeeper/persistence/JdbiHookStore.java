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
                        "INSERT INTO repository_hooks (" + COLUMNS + ") VALUES (" + VALUES + ")"
                            + " ON CONFLICT DO NOTHING"),
                    hook)
                .execute() == 1);
  }

  @Override
  public void update(RepositoryHook hook) {
    Objects.requireNonNull(hook, "hook == null");
    db.useHandle(
        h ->
            bindAll(
                    h.createUpdate(
                        "UPDATE repository_hooks SET repository_id = :repositoryId, provider = :provider,"
                            + " webhook_id = :providerHookId, webhook_secret = :secret,"
                            + " webhook_previous_secret = :previousSecret, token_lookup_hash = :lookupHash,"
                            + " webhook_url = :url, webhook_events = :events, webhook_status = :status,"
                            + " failure_reason = :reason, failure_message = :message, managed_by = :managedBy,"
                            + " secret_version = :secretVersion, webhook_created_at = :createdAt,"
                            + " updated_at = :updatedAt, webhook_last_delivery_at = :lastDeliveryAt"
                            + " WHERE id = :id"),
                    hook)
                .execute());
  }

  @Override
  public boolean updateStatus(HookId id, HookStatus status, FailureReason reason, String message, Instant at) {
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
    // GREATEST keeps it monotonic; writing every time takes the row lock every time, which is what
    // orders a writer's overlapping batches (see the port); once per batch, a HOT update
    db.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE repository_hooks SET webhook_last_delivery_at = GREATEST(webhook_last_delivery_at, :at)"
                        + " WHERE id = :id")
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
  public void delete(HookId id) {
    db.useHandle(h -> h.createUpdate("DELETE FROM repository_hooks WHERE id = :id").bind("id", id.value()).execute());
  }

  private Optional<RepositoryHook> findBy(String where, String value) {
    return findBy(where, value, null);
  }

  private Optional<RepositoryHook> findBy(String where, String value, Provider provider) {
    return db.withHandle(
        h -> {
          var query = h.createQuery("SELECT " + COLUMNS + " FROM repository_hooks WHERE " + where).bind("v", value);
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
        .bind("previousSecret", hook.previousSecret() == null ? null : hook.previousSecret().value())
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
