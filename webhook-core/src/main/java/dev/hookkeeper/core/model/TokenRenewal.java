package dev.hookkeeper.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How an expiring access token is renewed: GitLab's OAuth tokens last 2 h and come with a refresh
 * token that is single-use (each refresh returns a new pair and invalidates the old one).
 *
 * @param accessTokenExpiresAt when the access token stops working
 */
public record TokenRenewal(Secret refreshToken, Instant accessTokenExpiresAt) {
  public TokenRenewal {
    Objects.requireNonNull(refreshToken, "refreshToken == null");
    Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt == null");
  }

  /** Whether the access token expires within {@code margin} of {@code now} (or already has). */
  public boolean dueWithin(Duration margin, Instant now) {
    return !accessTokenExpiresAt.isAfter(now.plus(margin));
  }
}
