package dev.hookkeeper.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * Builds the HikariCP pool for PostgreSQL. Survives a database restart without an application
 * restart: a connection idle for more than half a second is validated ({@code isValid}) before it
 * is handed out, broken ones are evicted and replaced, and idle ones are pinged by the keepalive.
 */
public final class PostgresDataSource {

  private PostgresDataSource() {}

  /** A pool with {@link PoolSettings#DEFAULTS}. */
  public static HikariDataSource create(String databaseUrl) {
    return create(databaseUrl, PoolSettings.DEFAULTS);
  }

  /**
   * @param databaseUrl {@code jdbc:postgresql://…}, {@code postgres://user:pass@host:port/db} or
   *     {@code postgresql://…}
   */
  public static HikariDataSource create(String databaseUrl, PoolSettings settings) {
    DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
    HikariConfig config = new HikariConfig();
    config.setPoolName("hookkeeper-db");
    config.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) config.setUsername(url.user());
    if (url.password() != null) config.setPassword(url.password());
    config.setMaximumPoolSize(settings.maxPoolSize());
    int minimumIdle = Math.min(2, settings.maxPoolSize());
    config.setMinimumIdle(minimumIdle);
    // idle connections above the minimum are closed after 5 min (meaningless for a fixed-size pool)
    if (minimumIdle < settings.maxPoolSize()) config.setIdleTimeout(Duration.ofMinutes(5).toMillis());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(1_000, settings.connectionTimeout().toMillis() - 1));
    config.setKeepaliveTime(Duration.ofSeconds(30).toMillis());
    config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
    config.setAutoCommit(true);
    // driver-side limits, so a dead server or a black-holed network never hangs a request thread
    long connectSeconds = Math.max(1, settings.connectionTimeout().toSeconds());
    config.addDataSourceProperty("connectTimeout", String.valueOf(connectSeconds));
    config.addDataSourceProperty("loginTimeout", String.valueOf(connectSeconds));
    config.addDataSourceProperty("socketTimeout", String.valueOf(settings.statementTimeout().toSeconds() + 25));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", "hookkeeper");
    // server-side limits: a runaway statement or a forgotten open transaction cannot hold locks
    config.addDataSourceProperty(
        "options",
        "-c statement_timeout=" + settings.statementTimeout().toMillis()
            + " -c idle_in_transaction_session_timeout=60000");
    return new HikariDataSource(config);
  }
}
