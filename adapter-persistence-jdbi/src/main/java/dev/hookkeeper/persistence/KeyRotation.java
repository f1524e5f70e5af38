package dev.hookkeeper.persistence;

import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.port.SecretDecryptionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Re-encrypts every value encrypted at rest under the cipher's primary key: webhook secrets
 * (current and previous), provider access and refresh tokens, and the PKCE verifiers of pending
 * sign-ins. Each value is decrypted with whichever configured key encrypted it and encrypted again
 * with the same associated data, so it stays bound to its row. A row written meanwhile by a running
 * server is left as that server wrote it (the update only applies while the row still holds what
 * was read), and the census that follows shows whether anything is still under an old key.
 *
 * <p>Rows are read in pages by primary key, each page in its own transaction: a large table is
 * rotated without one long transaction, and a second run continues where an interrupted one stopped
 * (values already under the primary key are skipped).
 */
public final class KeyRotation {
  private static final int PAGE = 500;

  /**
   * One encrypted column: its table, the key columns that page it, and its associated data per row.
   */
  private record Column(
      String table, String column, List<String> keys, Function<Map<String, Object>, String> aad) {
    String name() {
      return table + "." + column;
    }
  }

  private static final List<Column> COLUMNS =
      List.of(
          new Column(
              "repository_hooks",
              "webhook_secret",
              List.of("id"),
              row -> RepositoryHook.secretContext(new HookId((String) row.get("id")))),
          new Column(
              "repository_hooks",
              "webhook_previous_secret",
              List.of("id"),
              row -> RepositoryHook.secretContext(new HookId((String) row.get("id")))),
          new Column(
              "provider_tokens",
              "access_token_encrypted",
              List.of("user_id", "provider"),
              row ->
                  JdbiTokenVault.associatedData(
                      new UserId((String) row.get("user_id")), provider(row))),
          new Column(
              "provider_tokens",
              "refresh_token_encrypted",
              List.of("user_id", "provider"),
              row ->
                  JdbiTokenVault.refreshAssociatedData(
                      new UserId((String) row.get("user_id")), provider(row))),
          new Column(
              "sign_ins",
              "code_verifier_encrypted",
              List.of("state_sha256"),
              row -> JdbiSignInStore.associatedData((String) row.get("state_sha256"))));

  private final Jdbi jdbi;
  private final SecretCipher cipher;
  private final String primaryKeyId;

  /**
   * @param cipher decrypts with every configured key and encrypts with the primary one
   * @param primaryKeyId the id of that primary key ({@code KeyRing.primaryKeyId()})
   */
  public KeyRotation(DataSource dataSource, SecretCipher cipher, String primaryKeyId) {
    this.jdbi = Jdbi.create(Objects.requireNonNull(dataSource, "dataSource == null"));
    this.cipher = Objects.requireNonNull(cipher, "cipher == null");
    this.primaryKeyId = Objects.requireNonNull(primaryKeyId, "primaryKeyId == null");
  }

  /** Re-encrypts what is not under the primary key, then counts, per column, what still is not. */
  public Report rotate() {
    List<ColumnReport> columns = new ArrayList<>();
    for (Column column : COLUMNS) {
      Outcome outcome = rotate(column);
      columns.add(
          new ColumnReport(
              column.name(), outcome.reencrypted(), outcome.undecryptable(), census(column)));
    }
    return new Report(primaryKeyId, columns);
  }

  /** Counts, per column, the values under each key other than the primary one; changes nothing. */
  public Report census() {
    List<ColumnReport> columns = new ArrayList<>();
    for (Column column : COLUMNS)
      columns.add(new ColumnReport(column.name(), 0, Map.of(), census(column)));
    return new Report(primaryKeyId, columns);
  }

  private record Outcome(int reencrypted, Map<String, Integer> undecryptable) {}

  private Outcome rotate(Column column) {
    int reencrypted = 0;
    Map<String, Integer> undecryptable = new TreeMap<>();
    List<Object> after = null;
    while (true) {
      List<Object> from = after;
      List<Map<String, Object>> page = jdbi.withHandle(h -> page(h, column, from));
      if (page.isEmpty()) break;
      int[] changed = {0};
      jdbi.useTransaction(
          h -> {
            for (Map<String, Object> row : page) {
              EncryptedSecret old = new EncryptedSecret((String) row.get("value"));
              String keyId = AesGcmSecretCipher.keyIdOf(old).orElse("unknown");
              if (keyId.equals(primaryKeyId)) continue;
              String aad = column.aad().apply(row);
              EncryptedSecret fresh;
              try {
                fresh = cipher.encrypt(cipher.decrypt(old, aad), aad);
              } catch (SecretDecryptionException e) {
                undecryptable.merge(keyId, 1, Integer::sum);
                continue;
              }
              changed[0] += update(h, column, row, old, fresh);
            }
          });
      reencrypted += changed[0];
      Map<String, Object> last = page.get(page.size() - 1);
      after = column.keys().stream().map(last::get).toList();
    }
    return new Outcome(reencrypted, undecryptable);
  }

  private static List<Map<String, Object>> page(Handle h, Column column, List<Object> after) {
    String keys = String.join(", ", column.keys());
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(keys)
            .append(", ")
            .append(column.column())
            .append(" AS value FROM ")
            .append(column.table())
            .append(" WHERE ")
            .append(column.column())
            .append(" IS NOT NULL");
    if (after != null) {
      sql.append(" AND (")
          .append(keys)
          .append(") > (")
          .append(column.keys().stream().map(k -> ":after_" + k).collect(Collectors.joining(", ")))
          .append(")");
    }
    sql.append(" ORDER BY ").append(keys).append(" LIMIT ").append(PAGE);
    var query = h.createQuery(sql.toString());
    if (after != null) {
      for (int i = 0; i < column.keys().size(); i++)
        query.bind("after_" + column.keys().get(i), after.get(i));
    }
    return query.mapToMap().list();
  }

  private static int update(
      Handle h,
      Column column,
      Map<String, Object> row,
      EncryptedSecret old,
      EncryptedSecret fresh) {
    String where =
        column.keys().stream().map(k -> k + " = :" + k).collect(Collectors.joining(" AND "));
    var update =
        h.createUpdate(
            "UPDATE "
                + column.table()
                + " SET "
                + column.column()
                + " = :fresh WHERE "
                + where
                + " AND "
                + column.column()
                + " = :old");
    for (String key : column.keys()) update.bind(key, row.get(key));
    return update.bind("fresh", fresh.value()).bind("old", old.value()).execute();
  }

  private Map<String, Integer> census(Column column) {
    Map<String, Integer> left = new TreeMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + column.column()
                        + " AS value FROM "
                        + column.table()
                        + " WHERE "
                        + column.column()
                        + " IS NOT NULL")
                .mapTo(String.class)
                .forEach(
                    value -> {
                      String keyId =
                          AesGcmSecretCipher.keyIdOf(new EncryptedSecret(value)).orElse("unknown");
                      if (!keyId.equals(primaryKeyId)) left.merge(keyId, 1, Integer::sum);
                    }));
    return left;
  }

  private static Provider provider(Map<String, Object> row) {
    String id = (String) row.get("provider");
    return Provider.fromId(id)
        .orElseThrow(() -> new IllegalStateException("unknown provider in provider_tokens: " + id));
  }

  /**
   * @param reencrypted values moved to the primary key by this run
   * @param undecryptable values this run could not decrypt, per key id: their key is not configured
   *     (or the value was altered)
   * @param left values still not under the primary key after this run, per key id
   */
  public record ColumnReport(
      String column,
      int reencrypted,
      Map<String, Integer> undecryptable,
      Map<String, Integer> left) {
    public ColumnReport {
      undecryptable = Collections.unmodifiableMap(new TreeMap<>(undecryptable));
      left = Collections.unmodifiableMap(new TreeMap<>(left));
    }

    public int leftTotal() {
      return left.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** What a rotation or a census found, column by column. */
  public record Report(String primaryKeyId, List<ColumnReport> columns) {
    public Report {
      columns = List.copyOf(columns);
    }

    public int reencrypted() {
      return columns.stream().mapToInt(ColumnReport::reencrypted).sum();
    }

    /** Values under any key but the primary one. */
    public int left() {
      return columns.stream().mapToInt(ColumnReport::leftTotal).sum();
    }
  }
}
