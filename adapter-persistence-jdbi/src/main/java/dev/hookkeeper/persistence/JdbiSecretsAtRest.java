package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.port.SecretDecryptionException;
import dev.hookkeeper.core.port.SecretsAtRest;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Every encrypted column: hook secrets (current and previous, associated data {@code hook:<id>}),
 * provider tokens ({@code token:<user>:<provider>}) with their refresh tokens ({@code
 * refresh:<user>:<provider>}), and the PKCE verifiers of sign-ins under way ({@code signin:<state
 * hash>}). A ciphertext is under a previous key when it does not start with the cipher's current
 * prefix ({@code v1:<key id>:}). Re-encryption walks the stale rows by key, locks them {@code FOR
 * UPDATE SKIP LOCKED} (another instance takes others) and writes each back only if it did not
 * change meanwhile; a row whose key is no longer configured is passed over, not retried forever in
 * front of the others.
 */
final class JdbiSecretsAtRest implements SecretsAtRest {
  private final Database db;
  private final SecretCipher cipher;
  private final List<Column> columns;

  JdbiSecretsAtRest(Database db, SecretCipher cipher) {
    this.db = db;
    this.cipher = cipher;
    this.columns =
        List.of(
            new Column(
                "repository_hooks",
                "id",
                "webhook_secret",
                key -> RepositoryHook.secretContext(new HookId(key))),
            new Column(
                "repository_hooks",
                "id",
                "webhook_previous_secret",
                key -> RepositoryHook.secretContext(new HookId(key))),
            new Column(
                "provider_tokens",
                "user_id || ':' || provider",
                "access_token_encrypted",
                key -> JdbiTokenVault.associatedData(user(key), provider(key))),
            new Column(
                "provider_tokens",
                "user_id || ':' || provider",
                "refresh_token_encrypted",
                key -> JdbiTokenVault.refreshAssociatedData(user(key), provider(key))),
            new Column(
                "sign_ins",
                "state_sha256",
                "code_verifier_encrypted",
                JdbiSignInStore::associatedData));
  }

  /** The user of a provider_tokens key ({@code <user id>:<provider>}). */
  private static UserId user(String key) {
    return new UserId(key.substring(0, key.lastIndexOf(':')));
  }

  private static Provider provider(String key) {
    return Provider.fromId(key.substring(key.lastIndexOf(':') + 1)).orElseThrow();
  }

  /** One encrypted column: its table, a key identifying the row, and the row's associated data. */
  private record Column(
      String table, String key, String column, Function<String, String> associatedData) {
    String stale() {
      return column + " IS NOT NULL AND " + column + " NOT LIKE :prefix";
    }
  }

  @Override
  public long countUnderPreviousKeys() {
    if (cipher.currentPrefix().isEmpty()) return 0;
    return db.withHandle(
        h -> {
          long n = 0;
          for (Column c : columns) {
            n +=
                h.createQuery("SELECT count(*) FROM " + c.table() + " WHERE " + c.stale())
                    .bind("prefix", pattern())
                    .mapTo(Long.class)
                    .one();
          }
          return n;
        });
  }

  @Override
  public int reencryptBatch(int limit) {
    if (limit < 1) throw new IllegalArgumentException("'limit' must be at least 1");
    if (cipher.currentPrefix().isEmpty()) return 0;
    int[] skipped = new int[1];
    SecretDecryptionException[] lastFailure = new SecretDecryptionException[1];
    int done =
        db.inTransaction(
            h -> {
              int n = 0;
              for (Column c : columns) {
                String after = "";
                while (n < limit) {
                  List<Row> rows =
                      h.createQuery(
                              "SELECT "
                                  + c.key()
                                  + " AS k, "
                                  + c.column()
                                  + " AS v FROM "
                                  + c.table()
                                  + " WHERE "
                                  + c.stale()
                                  + " AND "
                                  + c.key()
                                  + " > :after ORDER BY "
                                  + c.key()
                                  + " LIMIT :limit FOR UPDATE SKIP LOCKED")
                          .bind("prefix", pattern())
                          .bind("after", after)
                          .bind("limit", limit - n)
                          .map((rs, ctx) -> new Row(rs.getString("k"), rs.getString("v")))
                          .list();
                  if (rows.isEmpty()) break;
                  for (Row r : rows) {
                    after = r.key();
                    try {
                      n += reencrypt(h, c, r);
                    } catch (SecretDecryptionException e) {
                      skipped[0]++;
                      lastFailure[0] = e;
                    }
                  }
                }
              }
              return n;
            });
    if (done == 0 && skipped[0] > 0) {
      throw new SecretDecryptionException(
          skipped[0] + " stored secret(s) cannot be re-encrypted: " + lastFailure[0].getMessage());
    }
    return done;
  }

  private int reencrypt(Handle h, Column c, Row r) {
    String ad = c.associatedData().apply(r.key());
    Secret plain = cipher.decrypt(new EncryptedSecret(r.value()), ad);
    EncryptedSecret fresh = cipher.encrypt(plain, ad);
    return h.createUpdate(
            "UPDATE "
                + c.table()
                + " SET "
                + c.column()
                + " = :fresh WHERE "
                + c.key()
                + " = :k AND "
                + c.column()
                + " = :old")
        .bind("fresh", fresh.value())
        .bind("k", r.key())
        .bind("old", r.value())
        .execute();
  }

  /** The LIKE pattern of the current prefix, its wildcards escaped. */
  private String pattern() {
    return cipher.currentPrefix().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        + "%";
  }

  private record Row(String key, String value) {}
}
