package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.port.TokenVault;
import java.util.Objects;
import java.util.Optional;

/**
 * Provider tokens, encrypted with the {@link SecretCipher}; the associated data names the owning
 * user and provider, so a ciphertext copied to another row does not decrypt.
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

  @Override
  public void store(UserId userId, ProviderCredential credential) {
    Objects.requireNonNull(userId, "userId == null");
    Objects.requireNonNull(credential, "credential == null");
    EncryptedSecret encrypted =
        cipher.encrypt(credential.accessToken(), associatedData(userId, credential.provider()));
    db.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO provider_tokens (user_id, provider, access_token_encrypted, login, scopes, stored_at)"
                        + " VALUES (:user, :provider, :token, :login, :scopes, :at)"
                        + " ON CONFLICT (user_id, provider) DO UPDATE SET"
                        + " access_token_encrypted = EXCLUDED.access_token_encrypted, login = EXCLUDED.login,"
                        + " scopes = EXCLUDED.scopes, stored_at = EXCLUDED.stored_at")
                .bind("user", userId.value())
                .bind("provider", credential.provider().id())
                .bind("token", encrypted.value())
                .bind("login", credential.login())
                .bindArray("scopes", String.class, credential.scopes())
                .bind("at", Sql.ts(credential.storedAt()))
                .execute());
  }

  @Override
  public Optional<ProviderCredential> find(UserId userId, Provider provider) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT * FROM provider_tokens WHERE user_id = :user AND provider = :provider")
                .bind("user", userId.value())
                .bind("provider", provider.id())
                .map(
                    (rs, ctx) ->
                        new ProviderCredential(
                            provider,
                            cipher.decrypt(
                                new EncryptedSecret(rs.getString("access_token_encrypted")),
                                associatedData(userId, provider)),
                            rs.getString("login"),
                            Sql.textArray(rs, "scopes"),
                            Sql.instant(rs, "stored_at")))
                .findOne());
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
