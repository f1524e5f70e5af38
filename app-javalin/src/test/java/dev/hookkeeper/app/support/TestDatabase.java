package dev.hookkeeper.app.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.persistence.EmbeddedPostgresServer;
import dev.hookkeeper.persistence.Migrations;
import dev.hookkeeper.persistence.PostgresDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The one embedded PostgreSQL 17 of this test JVM, with a fresh database per server (copied from a
 * migrated template, which is much faster than migrating each).
 */
public final class TestDatabase {
  private static final String TEMPLATE = "hk_app_template";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgresServer server;
  private static Path dataDirectory;
  private static int port;
  private static boolean templateReady;

  private TestDatabase() {}

  static synchronized EmbeddedPostgresServer server() {
    if (server == null) {
      try {
        dataDirectory = Files.createTempDirectory("hookkeeper-app-test-pg");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server = EmbeddedPostgresServer.start(dataDirectory.resolve("data"));
      port = server.port();
      Path dir = dataDirectory;
      // benchmarks write gigabytes here: a test JVM must not leave its database behind
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> shutdown(dir), "test-database-cleanup"));
    }
    return server;
  }

  private static synchronized void shutdown(Path dir) {
    if (server != null) server.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: what is left is a temp directory
    }
  }

  /** The JDBC URL of a new database with the schema applied. */
  public static synchronized String freshDatabaseUrl() {
    if (!templateReady) {
      execute("CREATE DATABASE " + TEMPLATE);
      try (HikariDataSource template = PostgresDataSource.create(server().jdbcUrl(TEMPLATE))) {
        Migrations.migrate(template);
      }
      templateReady = true;
    }
    String name = "app_test_" + DATABASES.incrementAndGet();
    execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    return server().jdbcUrl(name);
  }

  /** The JDBC URL of a new database without any schema (for code that migrates it itself). */
  public static synchronized String emptyDatabaseUrl() {
    String name = "app_empty_" + DATABASES.incrementAndGet();
    execute("CREATE DATABASE " + name);
    return server().jdbcUrl(name);
  }

  /**
   * The process id of the embedded postmaster (first line of its postmaster.pid), for CPU
   * accounting.
   */
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
   * Stops the database (committed data stays); {@link #restart()} brings it back on the same port.
   */
  public static synchronized void stop() {
    server().close();
  }

  public static synchronized void restart() {
    server = EmbeddedPostgresServer.start(dataDirectory.resolve("data"), port);
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(server().jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
