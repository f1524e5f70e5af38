package dev.hookkeeper.app;

import dev.hookkeeper.app.http.Cidr;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How this instance lives beside others on one database and behind a load balancer.
 *
 * @param listenUrl where the {@code LISTEN} session connects ({@code DATABASE_LISTEN_URL}); {@code
 *     null} means the database URL itself. Behind PgBouncer in transaction mode it must name the
 *     database directly: a {@code LISTEN} lives as long as its session.
 * @param trustedProxies peers whose {@code X-Forwarded-For} names the client ({@code
 *     TRUSTED_PROXIES})
 * @param shutdownGrace after SIGTERM, how long the instance keeps serving while it reports itself
 *     not ready, so the load balancer stops sending before the listener closes ({@code
 *     HOOKKEEPER_SHUTDOWN_GRACE})
 * @param cleanupInterval how often the cluster retries the hook deletions providers still owe
 *     ({@code HOOKKEEPER_CLEANUP_INTERVAL}); once per interval across every instance
 * @param processors inbox processor threads of this instance ({@code HOOKKEEPER_PROCESSORS}); 0: it
 *     only stores and acknowledges, and another instance (or a later start of this one) applies the
 *     effects of what it stored
 */
public record ClusterSettings(
    String listenUrl,
    List<Cidr> trustedProxies,
    Duration shutdownGrace,
    Duration cleanupInterval,
    int processors) {
  /** Inbox processor threads when {@code HOOKKEEPER_PROCESSORS} is unset. */
  public static final int DEFAULT_PROCESSORS = 2;

  public static final ClusterSettings DEFAULTS =
      new ClusterSettings(
          null, List.of(), Duration.ofSeconds(5), Duration.ofMinutes(1), DEFAULT_PROCESSORS);

  public ClusterSettings {
    trustedProxies = List.copyOf(trustedProxies);
    Objects.requireNonNull(shutdownGrace, "shutdownGrace == null");
    if (shutdownGrace.isNegative())
      throw new IllegalArgumentException("'shutdownGrace' must not be negative");
    Objects.requireNonNull(cleanupInterval, "cleanupInterval == null");
    if (cleanupInterval.toMillis() < 100)
      throw new IllegalArgumentException("'cleanupInterval' must be at least 100 ms");
    if (processors < 0) throw new IllegalArgumentException("'processors' must not be negative");
  }
}
