package dev.hookkeeper.app;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Readiness: can we get a working connection right now? Cached for a second so that a scraper
 * polling /health cannot add load to a struggling database.
 */
final class DatabaseProbe implements BooleanSupplier {
  private static final long CACHE_NANOS = 1_000_000_000L;

  private final DataSource dataSource;
  private volatile long checkedAt = System.nanoTime() - 2 * CACHE_NANOS;
  private volatile boolean ready;

  DatabaseProbe(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public boolean getAsBoolean() {
    long now = System.nanoTime();
    if (now - checkedAt < CACHE_NANOS) return ready;
    boolean result;
    try (Connection c = dataSource.getConnection()) {
      result = c.isValid(2);
    } catch (SQLException | RuntimeException e) {
      result = false;
    }
    ready = result;
    checkedAt = System.nanoTime();
    return result;
  }
}
