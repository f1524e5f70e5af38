package dev.hookkeeper.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 started from the application's own jar (io.zonky binaries), the default when
 * no database is configured, so a newcomer installs nothing. Its data directory is kept between
 * runs. Durability is not traded for speed: zonky starts PostgreSQL with {@code -F} (fsync off) and
 * {@code synchronous_commit=off}, and both are switched back on here, because a 2xx to a provider
 * promises the delivery is on disk.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final String SUPERUSER = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /** Starts on a free port. */
  public static EmbeddedPostgresServer start(Path dataDirectory) {
    return start(dataDirectory, 0);
  }

  /**
   * Starts PostgreSQL on {@code dataDirectory}, creating the cluster only if the directory holds
   * none yet.
   *
   * @param port the TCP port on 127.0.0.1; 0 picks a free one
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    Objects.requireNonNull(dataDirectory, "dataDirectory == null");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("'port' must be between 0 and 65535");
    Path dir = dataDirectory.toAbsolutePath();
    try {
      Files.createDirectories(dir);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(30))
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("max_connections", "200")
              // ingest writes ~25 kB of WAL per delivery; see docs/persistence.md, "Embedded server settings"
              .setServerConfig("max_wal_size", "4GB")
              .setServerConfig("wal_buffers", "16MB")
              .setServerConfig("bgwriter_lru_maxpages", "1000")
              .setServerConfig("bgwriter_delay", "50ms");
      if (port != 0) builder.setPort(port);
      EmbeddedPostgres postgres = builder.start();
      LOG.info("embedded PostgreSQL started port={} dataDirectory={}", postgres.getPort(), dir);
      return new EmbeddedPostgresServer(postgres, dir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL in " + dir, e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** A JDBC URL for {@code database} as the superuser (trust authentication on 127.0.0.1). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?user=" + SUPERUSER;
  }

  /** The JDBC URL of the default {@code postgres} database. */
  public String jdbcUrl() {
    return jdbcUrl("postgres");
  }

  /** Stops the server (fast shutdown: open transactions roll back, committed data stays). */
  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("embedded PostgreSQL stopped dataDirectory={}", dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop embedded PostgreSQL in " + dataDirectory, e);
    }
  }
}
