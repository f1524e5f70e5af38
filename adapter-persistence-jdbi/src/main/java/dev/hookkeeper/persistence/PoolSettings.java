package dev.hookkeeper.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection pool and time-out settings.
 *
 * @param maxPoolSize connections; PostgreSQL's rule of thumb is about twice the cores plus the
 *     disks, so 10 on a 2-core host (more connections only queue inside the database)
 * @param connectionTimeout how long a caller waits for a connection before the store reports
 *     itself unavailable; short, so requests fail fast while the database is down
 * @param statementTimeout server-side limit for one statement
 */
public record PoolSettings(int maxPoolSize, Duration connectionTimeout, Duration statementTimeout) {

  public static final PoolSettings DEFAULTS =
      new PoolSettings(10, Duration.ofSeconds(3), Duration.ofSeconds(5));

  public PoolSettings {
    Objects.requireNonNull(connectionTimeout, "connectionTimeout == null");
    Objects.requireNonNull(statementTimeout, "statementTimeout == null");
    if (maxPoolSize < 1) throw new IllegalArgumentException("'maxPoolSize' must be at least 1");
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("'connectionTimeout' must be at least 250 ms");
    }
    if (statementTimeout.isNegative()) throw new IllegalArgumentException("'statementTimeout' must not be negative");
  }

  public PoolSettings withMaxPoolSize(int size) {
    return new PoolSettings(size, connectionTimeout, statementTimeout);
  }

  public PoolSettings withConnectionTimeout(Duration timeout) {
    return new PoolSettings(maxPoolSize, timeout, statementTimeout);
  }
}
