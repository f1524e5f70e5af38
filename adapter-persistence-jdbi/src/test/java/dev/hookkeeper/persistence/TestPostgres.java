package dev.hookkeeper.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The one embedded PostgreSQL 17 of this test JVM (starting one takes seconds), with a fresh
 * database per test class. Fresh databases are copies of a migrated template, which is much faster
 * than migrating each. {@link #stop()} / {@link #restart()} reuse the same data directory and port,
 * for the outage and recovery tests. Published in this module's test-jar, so that the server's
 * tests run on the same helper (the only class that jar holds).
 */
public final class TestPostgres {

  public static final PoolSettings TEST_POOL =
      new PoolSettings(8, Duration.ofSeconds(2), Duration.ofSeconds(10));
  private static final String TEMPLATE = "hk_template";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static EmbeddedPostgresServer server;
  private static Path dataDirectory;
  private static int port;
  private static boolean templateReady;

  private TestPostgres() {}

  public static synchronized EmbeddedPostgresServer server() {
    if (server == null) {
      try {
        dataDirectory = Files.createTempDirectory("hookkeeper-test-pg");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server = EmbeddedPostgresServer.start(dataDirectory.resolve("data"));
      port = server.port();
      Path dir = dataDirectory;
      // benchmarks write gigabytes here: a test JVM must not leave its database behind
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> shutdown(dir), "test-postgres-cleanup"));
    }
    return server;
  }

  /** A new, empty database (no schema). */
  public static HikariDataSource emptyDatabase() {
    return PostgresDataSource.create(emptyDatabaseUrl(), TEST_POOL);
  }

  /** The JDBC URL of a new, empty database (no schema), for a caller that builds its own pool. */
  public static String emptyDatabaseUrl() {
    String name = "empty_" + DATABASES.incrementAndGet();
    execute("CREATE DATABASE " + name);
    return server().jdbcUrl(name);
  }

  /** A new database with the full schema applied. */
  public static HikariDataSource migratedDatabase() {
    return PostgresDataSource.create(migratedDatabaseUrl(), TEST_POOL);
  }

  /**
   * The JDBC URL of a new database with the full schema applied, for a caller that builds its own
   * pool.
   */
  public static synchronized String migratedDatabaseUrl() {
    if (!templateReady) {
      execute("CREATE DATABASE " + TEMPLATE);
      try (HikariDataSource template =
          PostgresDataSource.create(server().jdbcUrl(TEMPLATE), TEST_POOL)) {
        Migrations.migrate(template);
      }
      templateReady = true;
    }
    String name = "test_" + DATABASES.incrementAndGet();
    execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    return server().jdbcUrl(name);
  }

  /** The running server's postmaster process id (from its data directory), for CPU accounting. */
  public static synchronized long postmasterPid() {
    server();
    try {
      return Long.parseLong(
          Files.readAllLines(dataDirectory.resolve("data").resolve("postmaster.pid"))
              .get(0)
              .trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops the server (committed data stays); {@link #restart()} brings it back on the same port.
   */
  public static synchronized void stop() {
    server().close();
    server = null;
  }

  public static synchronized void restart() {
    if (server == null) server = EmbeddedPostgresServer.start(dataDirectory.resolve("data"), port);
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(server().jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static synchronized void shutdown(Path dir) {
    if (server != null) server.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temp directory left behind is harmless
    }
  }
}
