package dev.hookkeeper.app.support;

import dev.hookkeeper.persistence.TestPostgres;

/**
 * The server tests' view of the persistence module's {@link TestPostgres} (from its test-jar): the
 * one embedded PostgreSQL 17 of this test JVM, with a fresh migrated database per server.
 */
public final class TestDatabase {
  private TestDatabase() {}

  /** The JDBC URL of a new database with the schema applied. */
  public static String freshDatabaseUrl() {
    return TestPostgres.migratedDatabaseUrl();
  }

  /** The JDBC URL of a new database without any schema (for code that migrates it itself). */
  public static String emptyDatabaseUrl() {
    return TestPostgres.emptyDatabaseUrl();
  }

  /** The process id of the embedded postmaster, for CPU accounting. */
  public static long postmasterPid() {
    return TestPostgres.postmasterPid();
  }

  /**
   * Stops the database (committed data stays); {@link #restart()} brings it back on the same port.
   */
  public static void stop() {
    TestPostgres.stop();
  }

  public static void restart() {
    TestPostgres.restart();
  }
}
