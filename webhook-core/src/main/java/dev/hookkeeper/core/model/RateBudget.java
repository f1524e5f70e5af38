package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What is left of a token's request budget at a provider, as its latest answer said (GitHub {@code
 * x-ratelimit-limit/-remaining/-reset/-resource}, GitLab {@code RateLimit-Limit/-Remaining/-Reset}).
 *
 * @param resetAt when the provider refills the budget
 * @param resource GitHub's {@code x-ratelimit-resource} ({@code core} for everything Hookkeeper
 *     calls); empty where the provider does not name one
 * @param observedAt when the answer carrying these figures arrived
 */
public record RateBudget(int limit, int remaining, Instant resetAt, String resource, Instant observedAt) {
  public RateBudget {
    Objects.requireNonNull(resetAt, "resetAt == null");
    Objects.requireNonNull(resource, "resource == null");
    Objects.requireNonNull(observedAt, "observedAt == null");
    if (limit < 0 || remaining < 0) throw new IllegalArgumentException("'limit' and 'remaining' must not be negative");
  }

  /** {@code remaining / limit}, 1.0 when the provider states no limit. */
  public double remainingFraction() {
    return limit == 0 ? 1.0 : (double) remaining / limit;
  }

  /**
   * Whether less than {@code fraction} of the budget is left at {@code now}; never after {@link
   * #resetAt()}, when the provider has refilled it.
   */
  public boolean isBelow(double fraction, Instant now) {
    return now.isBefore(resetAt) && remainingFraction() < fraction;
  }
}
