package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/** A user's subscription to a repository's events. At most one per (user, repository). */
public record Connection(
    ConnectionId id,
    UserId userId,
    RepositoryId repositoryId,
    boolean enabled,
    boolean autoPrEnabled,
    Instant createdAt,
    Instant updatedAt) {
  public Connection {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(userId, "userId == null");
    Objects.requireNonNull(repositoryId, "repositoryId == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    Objects.requireNonNull(updatedAt, "updatedAt == null");
  }
}
