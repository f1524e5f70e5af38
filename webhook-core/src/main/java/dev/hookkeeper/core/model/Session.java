package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in browser. The session token itself lives only in the browser's cookie; the store keeps
 * its SHA-256, so a leaked table opens no session.
 *
 * @param tokenSha256 lower-case hex SHA-256 of the session token
 */
public record Session(String tokenSha256, UserId userId, Instant createdAt, Instant expiresAt) {
  public Session {
    Objects.requireNonNull(tokenSha256, "tokenSha256 == null");
    Objects.requireNonNull(userId, "userId == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    Objects.requireNonNull(expiresAt, "expiresAt == null");
    if (!expiresAt.isAfter(createdAt)) throw new IllegalArgumentException("'expiresAt' must be after 'createdAt'");
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
