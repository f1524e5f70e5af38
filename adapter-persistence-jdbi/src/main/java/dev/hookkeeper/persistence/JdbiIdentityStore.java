package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderAccount;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.IdentityStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Provider identities on {@code provider_identities}, unique by (provider, stable user id) and per (user, provider). */
final class JdbiIdentityStore implements IdentityStore {

  private final Database db;

  JdbiIdentityStore(Database db) {
    this.db = db;
  }

  @Override
  public Optional<UserId> find(Provider provider, String providerUserId) {
    return db.withHandle(h -> h.createQuery("SELECT user_id FROM provider_identities"
            + " WHERE provider = :provider AND provider_user_id = :id")
        .bind("provider", provider.id())
        .bind("id", providerUserId)
        .map((rs, ctx) -> new UserId(rs.getString("user_id")))
        .findOne());
  }

  /** Either unique constraint makes the insert do nothing: the identity is taken, or the user holds that provider. */
  @Override
  public boolean insertIfAbsent(UserId userId, ProviderAccount account, Instant boundAt) {
    Objects.requireNonNull(userId, "userId == null");
    Objects.requireNonNull(account, "account == null");
    return db.withHandle(h -> h.createUpdate("INSERT INTO provider_identities (provider, provider_user_id, user_id,"
            + " login, display_name, bound_at, last_sign_in_at) VALUES (:provider, :id, :user, :login, :name, :at, :at)"
            + " ON CONFLICT DO NOTHING")
        .bind("provider", account.provider().id())
        .bind("id", account.providerUserId())
        .bind("user", userId.value())
        .bind("login", account.login())
        .bind("name", account.displayName())
        .bind("at", Sql.ts(boundAt))
        .execute() == 1);
  }

  @Override
  public void signedIn(ProviderAccount account, Instant at) {
    db.useHandle(h -> h.createUpdate("UPDATE provider_identities SET login = :login, display_name = :name,"
            + " last_sign_in_at = :at WHERE provider = :provider AND provider_user_id = :id")
        .bind("provider", account.provider().id())
        .bind("id", account.providerUserId())
        .bind("login", account.login())
        .bind("name", account.displayName())
        .bind("at", Sql.ts(at))
        .execute());
  }

  @Override
  public List<ProviderAccount> ofUser(UserId userId) {
    return db.withHandle(h -> h.createQuery("SELECT provider, provider_user_id, login, display_name"
            + " FROM provider_identities WHERE user_id = :user ORDER BY provider")
        .bind("user", userId.value())
        .map((rs, ctx) -> new ProviderAccount(Sql.provider(rs, "provider"), rs.getString("provider_user_id"),
            rs.getString("login"), rs.getString("display_name")))
        .list());
  }
}
