package dev.hookkeeper.app.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.app.AppConfig;
import dev.hookkeeper.app.DataDirectory;
import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.persistence.EmbeddedPostgresServer;
import dev.hookkeeper.persistence.KeyRotation;
import dev.hookkeeper.persistence.Migrations;
import dev.hookkeeper.persistence.PoolSettings;
import dev.hookkeeper.persistence.PostgresDataSource;
import dev.hookkeeper.persistence.SecretFile;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The database as the server would find it: reachable, its schema against this version's
 * migrations, and every encrypted value under a key the configuration holds. Changes nothing: no
 * migration runs, and an embedded database is only started (and stopped again) if one exists and no
 * server holds it.
 */
final class DatabaseChecks {
  private static final PoolSettings POOL =
      new PoolSettings(3, Duration.ofSeconds(5), Duration.ofSeconds(30));

  private DatabaseChecks() {}

  static List<Check> run(AppConfig config) {
    List<Check> checks = new ArrayList<>();
    EmbeddedPostgresServer started = null;
    String url = config.databaseUrl();
    String where = "DATABASE_URL";
    try {
      if (config.embeddedDatabase()) {
        DataDirectory dir = new DataDirectory(config.dataDir());
        where = "embedded in " + dir.postgres();
        if (!Files.exists(dir.postgres().resolve("PG_VERSION"))) {
          checks.add(
              Check.fail(
                  "database",
                  "no embedded database in "
                      + dir.postgres()
                      + " yet: the first `serve` creates it"));
          return checks;
        }
        url = EmbeddedPostgresServer.runningJdbcUrl(dir.postgres()).orElse(null);
        if (url == null) {
          started = EmbeddedPostgresServer.start(dir.postgres());
          url = started.jdbcUrl();
          where += " (started for this check; no server runs on it)";
        } else {
          where += " (the running server's)";
        }
      }
      try (HikariDataSource dataSource = PostgresDataSource.create(url, POOL)) {
        checks.add(Check.ok("database", where + ": " + version(dataSource)));
        Migrations.SchemaStatus status = Migrations.status(dataSource);
        checks.add(schema(status));
        boolean current =
            status.current() != null
                && status.pending() == 0
                && !status.failed()
                && !status.newer();
        checks.add(
            current
                ? encryptedValues(config, dataSource)
                : Check.warn("encrypted secrets", "not checked: the schema is not current"));
      }
    } catch (RuntimeException | SQLException e) {
      // a driver's or the pool's message names host and port, never the password
      checks.add(Check.fail("database", where + ": " + rootMessage(e)));
    } finally {
      if (started != null) started.close();
    }
    return checks;
  }

  private static String version(HikariDataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return "reachable, PostgreSQL " + rs.getString(1);
    }
  }

  private static Check schema(Migrations.SchemaStatus status) {
    String name = "database schema";
    if (status.failed())
      return Check.fail(name, "a migration failed part-way; see flyway_schema_history");
    if (status.newer()) {
      return Check.fail(
          name,
          "at version "
              + status.current()
              + ", newer than this Hookkeeper knows ("
              + status.latest()
              + "): a newer version ran on this database");
    }
    if (status.current() == null) {
      return Check.warn(
          name, "empty: the next `serve` creates it (" + status.pending() + " migrations)");
    }
    if (status.pending() > 0) {
      return Check.warn(
          name,
          "at version "
              + status.current()
              + ", "
              + status.pending()
              + " migration(s) to "
              + status.latest()
              + " pending: the next `serve` applies them");
    }
    return Check.ok(name, "at version " + status.current() + ", current");
  }

  /**
   * Values under a key the configuration lacks cannot be decrypted: the server would fail on them.
   */
  private static Check encryptedValues(AppConfig config, HikariDataSource dataSource) {
    String name = "encrypted secrets";
    String key = config.encryptionKey();
    if (key == null) {
      SecretFile file =
          new SecretFile(
              new DataDirectory(config.dataDir()).root().resolve(DataDirectory.KEY_FILE));
      if (!file.exists()) return Check.warn(name, "not checked: no key yet");
      key = file.read();
    }
    KeyRing keys;
    try {
      keys = KeyRing.fromBase64(key, config.previousEncryptionKeys());
    } catch (IllegalArgumentException e) {
      return Check.fail(name, "not checked: " + e.getMessage());
    }
    KeyRotation.Report census =
        new KeyRotation(dataSource, new AesGcmSecretCipher(keys), keys.primaryKeyId()).census();
    Map<String, Integer> unknown = new TreeMap<>();
    Map<String, Integer> previous = new TreeMap<>();
    census
        .columns()
        .forEach(
            column ->
                column
                    .left()
                    .forEach(
                        (id, n) ->
                            (keys.keyIds().contains(id) ? previous : unknown)
                                .merge(id, n, Integer::sum)));
    if (!unknown.isEmpty()) {
      return Check.fail(
          name,
          "values under keys that are not configured, so cannot be decrypted: "
              + unknown
              + "; add those keys to "
              + KeyRing.PREVIOUS_SETTING);
    }
    if (!previous.isEmpty()) {
      return Check.warn(
          name, "values still under previous keys " + previous + ": run `keys rotate`");
    }
    return Check.ok(name, "every value under the current key " + keys.primaryKeyId());
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
