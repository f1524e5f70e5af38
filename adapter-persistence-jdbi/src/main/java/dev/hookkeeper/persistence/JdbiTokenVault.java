package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.TokenRenewal;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.port.TokenVault;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Provider tokens and refresh tokens, encrypted with the {@link SecretCipher}; the associated data
 * names the owning user and provider (and which of the two it is), so a ciphertext copied to another
 * row or column does not decrypt.
 */
final class JdbiTokenVault implements TokenVault {

  private final Database db;
  private final SecretCipher cipher;

  JdbiTokenVault(Database db, SecretCipher cipher) {
    this.db = db;
    this.cipher = Objects.requireNonNull(cipher, "cipher == null");
  }

  static String associatedData(UserId userId, Provider provider) {
    return "token:" + userId.value() + ":" + provider.id();
  }

  static String refreshAssociatedData(UserId userId, Provider provider) {
    return "refresh:" + userId.value() + ":" + provider.id();
  }

  @Override
  public void store(UserId userId, ProviderCredential credential) {
    Objects.requireNonNull(userId, "userId == null");
    Objects.requireNonNull(credential, "credential == null");
    EncryptedSecret encrypted =
        cipher.encrypt(credential.accessToken(), associatedData(userId, credential.provider()));
    TokenRenewal renewal = credential.renewal();
    String refresh = renewal == null ? null
        : cipher.encrypt(renewal.refreshToken(), refreshAssociatedData(userId, credential.provider())).value();
    db.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO provider_tokens (user_id, provider, access_token_encrypted, login, scopes, stored_at,"
                        + " refresh_token_encrypted, access_token_expires_at)"
                        + " VALUES (:user, :provider, :token, :login, :scopes, :at, :refresh, :expires)"
                        + " ON CONFLICT (user_id, provider) DO UPDATE SET"
                        + " access_token_encrypted = EXCLUDED.access_token_encrypted, login = EXCLUDED.login,"
                        + " scopes = EXCLUDED.scopes, stored_at = EXCLUDED.stored_at,"
                        + " refresh_token_encrypted = EXCLUDED.refresh_token_encrypted,"
                        + " access_token_expires_at = EXCLUDED.access_token_expires_at")
                .bind("user", userId.value())
                .bind("provider", credential.provider().id())
                .bind("token", encrypted.value())
                .bind("login", credential.login())
                .bindArray("scopes", String.class, credential.scopes())
                .bind("at", Sql.ts(credential.storedAt()))
                .bind("refresh", refresh)
                .bind("expires", renewal == null ? null : Sql.ts(renewal.accessTokenExpiresAt()))
                .execute());
  }

  @Override
  public Optional<ProviderCredential> find(UserId userId, Provider provider) {
    return select(userId, provider, "");
  }

  @Override
  public Optional<ProviderCredential> findForRenewal(UserId userId, Provider provider) {
    return select(userId, provider, " FOR UPDATE");
  }

  private Optional<ProviderCredential> select(UserId userId, Provider provider, String lock) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT * FROM provider_tokens WHERE user_id = :user AND provider = :provider" + lock)
                .bind("user", userId.value())
                .bind("provider", provider.id())
                .map((rs, ctx) -> {
                  String refresh = rs.getString("refresh_token_encrypted");
                  TokenRenewal renewal = refresh == null ? null : new TokenRenewal(
                      cipher.decrypt(new EncryptedSecret(refresh), refreshAssociatedData(userId, provider)),
                      Sql.instant(rs, "access_token_expires_at"));
                  return new ProviderCredential(
                      provider,
                      cipher.decrypt(
                          new EncryptedSecret(rs.getString("access_token_encrypted")),
                          associatedData(userId, provider)),
                      rs.getString("login"),
                      Sql.textArray(rs, "scopes"),
                      Sql.instant(rs, "stored_at"),
                      renewal);
                })
                .findOne());
  }

  @Override
  public List<Expiring> expiringBefore(Instant cutoff, int limit) {
    return db.withHandle(h -> h.createQuery("SELECT user_id, provider, access_token_expires_at FROM provider_tokens"
            + " WHERE refresh_token_encrypted IS NOT NULL AND access_token_expires_at < :cutoff"
            + " ORDER BY access_token_expires_at LIMIT :limit")
        .bind("cutoff", Sql.ts(cutoff))
        .bind("limit", limit)
        .map((rs, ctx) -> new Expiring(new UserId(rs.getString("user_id")), Sql.provider(rs, "provider"),
            Sql.instant(rs, "access_token_expires_at")))
        .list());
  }

  @Override
  public boolean delete(UserId userId, Provider provider) {
    return db.withHandle(
        h ->
            h.createUpdate("DELETE FROM provider_tokens WHERE user_id = :user AND provider = :provider")
                .bind("user", userId.value())
                .bind("provider", provider.id())
                .execute() == 1);
  }
}
