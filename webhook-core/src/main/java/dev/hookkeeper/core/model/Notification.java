package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A stored notification. {@code id} increases with commit order per user, so an SSE client that
 * reconnects with {@code Last-Event-ID} gets exactly what it missed.
 */
public record Notification(long id, UserId userId, NotificationType type, Map<String, Object> data, Instant createdAt) {
  public Notification {
    Objects.requireNonNull(userId, "userId == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(data, "data == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    if (id < 1) throw new IllegalArgumentException("'id' must be positive");
  }
}
