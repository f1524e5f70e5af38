package dev.hookkeeper.core.model;

import java.time.Instant;

/**
 * Deliveries stored but not yet processed.
 *
 * @param oldestReceivedAt {@code null} when {@code pending} is 0
 */
public record InboxBacklog(long pending, Instant oldestReceivedAt) {
  public static final InboxBacklog EMPTY = new InboxBacklog(0, null);

  public InboxBacklog {
    if (pending < 0) throw new IllegalArgumentException("'pending' must not be negative");
  }
}
