package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.PendingSignIn;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.port.SignInStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Pending sign-ins on {@code sign_ins}; the PKCE verifier encrypted, bound to its state hash.
 * {@link #take} is one {@code DELETE … RETURNING}: of two concurrent takes, one gets the row.
 */
final class JdbiSignInStore implements SignInStore {

  private final Database db;
  private final SecretCipher cipher;

  JdbiSignInStore(Database db, SecretCipher cipher) {
    this.db = db;
    this.cipher = Objects.requireNonNull(cipher, "cipher == null");
  }

  static String associatedData(String stateSha256) {
    return "signin:" + stateSha256;
  }

  @Override
  public void save(PendingSignIn signIn) {
    Objects.requireNonNull(signIn, "signIn == null");
    String verifier =
        cipher.encrypt(signIn.codeVerifier(), associatedData(signIn.stateSha256())).value();
    db.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO sign_ins (state_sha256, provider, code_verifier_encrypted,"
                        + " redirect_uri, link_to, created_at, expires_at)"
                        + " VALUES (:hash, :provider, :verifier, :redirect, :link, :created, :expires)")
                .bind("hash", signIn.stateSha256())
                .bind("provider", signIn.provider().id())
                .bind("verifier", verifier)
                .bind("redirect", signIn.redirectUri())
                .bind("link", signIn.linkTo() == null ? null : signIn.linkTo().value())
                .bind("created", Sql.ts(signIn.createdAt()))
                .bind("expires", Sql.ts(signIn.expiresAt()))
                .execute());
  }

  @Override
  public Optional<PendingSignIn> take(String stateSha256) {
    return db.withHandle(
        h ->
            h.createQuery("DELETE FROM sign_ins WHERE state_sha256 = :hash RETURNING *")
                .bind("hash", stateSha256)
                .map(
                    (rs, ctx) -> {
                      String link = rs.getString("link_to");
                      return new PendingSignIn(
                          rs.getString("state_sha256"),
                          Sql.provider(rs, "provider"),
                          cipher.decrypt(
                              new EncryptedSecret(rs.getString("code_verifier_encrypted")),
                              associatedData(stateSha256)),
                          rs.getString("redirect_uri"),
                          link == null ? null : new UserId(link),
                          Sql.instant(rs, "created_at"),
                          Sql.instant(rs, "expires_at"));
                    })
                .findOne());
  }

  @Override
  public int purgeExpired(Instant now, int batchSize) {
    return db.withHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM sign_ins WHERE state_sha256 IN"
                        + " (SELECT state_sha256 FROM sign_ins WHERE expires_at <= :now ORDER BY expires_at LIMIT :batch)")
                .bind("now", Sql.ts(now))
                .bind("batch", batchSize)
                .execute());
  }
}
