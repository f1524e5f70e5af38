package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request budget per token that refills every window, like GitHub's hourly primary limit: each
 * request spends one, none left is {@code RATE_LIMITED} until the reset. Guarded by the fake's lock.
 */
final class FakeRateBudgets {
  private final InstantSource clock;
  private final Map<String, RateBudget> byToken = new HashMap<>();
  private int limit = 5000;
  private Duration window = Duration.ofHours(1);

  FakeRateBudgets(InstantSource clock) {
    this.clock = clock;
  }

  void configure(int limit, Duration window) {
    this.limit = limit;
    this.window = window;
    byToken.clear();
  }

  /** Spends one request of the token's budget; the refusal when none is left. */
  Optional<ProviderFailure> spend(Secret token) {
    Instant now = clock.instant();
    RateBudget current = byToken.get(token.reveal());
    if (current == null || !now.isBefore(current.resetAt())) {
      current = new RateBudget(limit, limit, now.plus(window), "core", now);
    }
    if (current.remaining() == 0) {
      byToken.put(token.reveal(), new RateBudget(limit, 0, current.resetAt(), "core", now));
      return Optional.of(new ProviderFailure(FailureReason.RATE_LIMITED, "API rate limit exceeded", current.resetAt()));
    }
    byToken.put(token.reveal(), new RateBudget(limit, current.remaining() - 1, current.resetAt(), "core", now));
    return Optional.empty();
  }

  Optional<RateBudget> of(Secret token) {
    return Optional.ofNullable(byToken.get(token.reveal()));
  }
}
