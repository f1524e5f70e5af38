package dev.hookkeeper.app.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.app.AppConfig;
import dev.hookkeeper.app.DataDirectory;
import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.persistence.EmbeddedPostgresServer;
import dev.hookkeeper.persistence.Migrations;
import dev.hookkeeper.persistence.PoolSettings;
import dev.hookkeeper.persistence.PostgresDataSource;
import java.time.Duration;

/**
 * The server's database, for a command: {@code DATABASE_URL}, or the embedded one in {@code
 * HOOKKEEPER_DATA_DIR} — joined where a running server holds it, started for the command's length
 * where none does. The schema is brought up to date as a start would, and the key ring is the
 * server's (the configured key, or the data directory's key file).
 */
final class CommandDatabase implements AutoCloseable {
  /**
   * A command at a time (Flyway takes two connections); statements as long as a re-encryption page
   * may take.
   */
  private static final PoolSettings POOL =
      new PoolSettings(3, Duration.ofSeconds(5), Duration.ofSeconds(60));

  private final HikariDataSource dataSource;
  private final EmbeddedPostgresServer embedded;
  private final KeyRing keys;

  private CommandDatabase(
      HikariDataSource dataSource, EmbeddedPostgresServer embedded, KeyRing keys) {
    this.dataSource = dataSource;
    this.embedded = embedded;
    this.keys = keys;
  }

  static CommandDatabase open(AppConfig config) {
    String url = config.databaseUrl();
    String key = config.encryptionKey();
    EmbeddedPostgresServer embedded = null;
    if (config.embeddedDatabase()) {
      DataDirectory dataDir = new DataDirectory(config.dataDir());
      dataDir.create();
      if (key == null) key = dataDir.encryptionKey();
      try {
        embedded = EmbeddedPostgresServer.start(dataDir.postgres());
        url = embedded.jdbcUrl();
      } catch (IllegalStateException held) {
        // a running server holds the data directory: use its PostgreSQL
        url = EmbeddedPostgresServer.runningJdbcUrl(dataDir.postgres()).orElseThrow(() -> held);
      }
    }
    KeyRing keys = KeyRing.fromBase64(key, config.previousEncryptionKeys());
    HikariDataSource dataSource = null;
    try {
      dataSource = PostgresDataSource.create(url, POOL);
      Migrations.migrate(dataSource);
      return new CommandDatabase(dataSource, embedded, keys);
    } catch (RuntimeException e) {
      if (dataSource != null) dataSource.close();
      if (embedded != null) embedded.close();
      throw e;
    }
  }

  HikariDataSource dataSource() {
    return dataSource;
  }

  KeyRing keys() {
    return keys;
  }

  AesGcmSecretCipher cipher() {
    return new AesGcmSecretCipher(keys);
  }

  @Override
  public void close() {
    dataSource.close();
    if (embedded != null) embedded.close();
  }
}
