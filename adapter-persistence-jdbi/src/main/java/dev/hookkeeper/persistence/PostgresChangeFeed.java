package dev.hookkeeper.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears what other instances commit, through PostgreSQL's {@code LISTEN}/{@code NOTIFY}: one
 * dedicated session (never a pooled connection, and never behind a transaction-mode pooler, since a
 * {@code LISTEN} lives as long as its session) polled by one thread. A notification is delivered
 * once its transaction commits, in commit order. When the session breaks it reconnects with backoff
 * and then tells the listener {@link Listener#resynced()}: notifications sent meanwhile are lost,
 * so whoever relies on them must catch up from the tables.
 */
public final class PostgresChangeFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PostgresChangeFeed.class);
  private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final int POLL_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  /** What the feed hears. Called on the feed's own thread, one call at a time. */
  public interface Listener {
    void notified(String channel, String payload);

    /** The feed (re)connected: anything sent before may have been missed. Also called on the first connect. */
    void resynced();
  }

  private final DatabaseUrl url;
  private final List<String> channels;
  private final Listener listener;
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean connected;
  private volatile Connection connection;

  private PostgresChangeFeed(DatabaseUrl url, List<String> channels, Listener listener) {
    this.url = url;
    this.channels = List.copyOf(channels);
    this.listener = listener;
    this.thread = new Thread(this::run, "hookkeeper-change-feed");
    thread.setDaemon(true);
  }

  /**
   * Starts listening on {@code channels} with its own session to {@code databaseUrl} (the same forms
   * as {@code DATABASE_URL}).
   */
  public static PostgresChangeFeed start(String databaseUrl, List<String> channels, Listener listener) {
    Objects.requireNonNull(listener, "listener == null");
    for (String c : channels) {
      if (!CHANNEL.matcher(c).matches()) throw new IllegalArgumentException("not a channel name: " + c);
    }
    PostgresChangeFeed feed = new PostgresChangeFeed(DatabaseUrl.parse(databaseUrl), channels, listener);
    feed.thread.start();
    return feed;
  }

  /** Whether the session is up right now. */
  public boolean connected() {
    return connected;
  }

  private void run() {
    long backoff = 100;
    while (!closed) {
      try (Connection c = open()) {
        connection = c;
        try (Statement s = c.createStatement()) {
          for (String channel : channels) s.execute("LISTEN " + channel);
        }
        connected = true;
        backoff = 100;
        log.atDebug().addKeyValue("channels", channels).log("change feed listening");
        listener.resynced();
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notes = pg.getNotifications(POLL_MILLIS);
          if (notes == null) continue;
          for (PGNotification n : notes) deliver(n);
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) return;
        if (connected) log.atWarn().log("change feed lost its database session, reconnecting: {}", e.toString());
        connected = false;
        sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      } finally {
        connected = false;
        connection = null;
      }
    }
  }

  private void deliver(PGNotification n) {
    try {
      listener.notified(n.getName(), n.getParameter());
    } catch (RuntimeException e) {
      log.atWarn().log("change feed listener failed on {}: {}", n.getName(), e.toString());
    }
  }

  private Connection open() throws SQLException {
    Properties props = new Properties();
    if (url.user() != null) props.setProperty("user", url.user());
    if (url.password() != null) props.setProperty("password", url.password());
    props.setProperty("ApplicationName", "hookkeeper-listen");
    props.setProperty("connectTimeout", "5");
    props.setProperty("tcpKeepAlive", "true");
    // a silent server (hung, or a black-holed network) must not hold the feed forever: the
    // poll above returns every 500 ms, so no read should take this long
    props.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(url.jdbcUrl(), props);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
