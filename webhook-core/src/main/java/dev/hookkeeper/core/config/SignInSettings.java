package dev.hookkeeper.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * @param sessionTtl how long a browser stays signed in (fixed from sign-in, not sliding)
 * @param signInValidity how long a started sign-in may take at the provider (its code lives 10 min)
 * @param renewalMargin renew an expiring provider token this long before it expires
 */
public record SignInSettings(Duration sessionTtl, Duration signInValidity, Duration renewalMargin) {
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofDays(7);

  public SignInSettings {
    Objects.requireNonNull(sessionTtl, "sessionTtl == null");
    Objects.requireNonNull(signInValidity, "signInValidity == null");
    Objects.requireNonNull(renewalMargin, "renewalMargin == null");
    if (sessionTtl.isNegative() || sessionTtl.isZero()) throw new IllegalArgumentException("'sessionTtl' must be positive");
    if (signInValidity.isNegative() || signInValidity.isZero()) {
      throw new IllegalArgumentException("'signInValidity' must be positive");
    }
    if (renewalMargin.isNegative()) throw new IllegalArgumentException("'renewalMargin' must not be negative");
  }

  /** Sessions of {@code sessionTtl}; 10 minutes to sign in; renewal 15 minutes ahead of GitLab's 2 h expiry. */
  public static SignInSettings withSessionTtl(Duration sessionTtl) {
    return new SignInSettings(sessionTtl, Duration.ofMinutes(10), Duration.ofMinutes(15));
  }
}
