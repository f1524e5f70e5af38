package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A notification before it is stored and numbered.
 *
 * @param data JSON-compatible values only: String, Number, Boolean, null, List and Map of those
 */
public record NotificationDraft(UserId userId, NotificationType type, Map<String, Object> data, Instant createdAt) {
  public NotificationDraft {
    Objects.requireNonNull(userId, "userId == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(data, "data == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
  }
}
