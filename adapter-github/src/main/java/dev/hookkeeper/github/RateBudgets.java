package dev.hookkeeper.github;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.Secret;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The latest {@code x-ratelimit-*} figures GitHub sent for each token (provider-facts 1.10): limit,
 * remaining, reset (epoch seconds) and resource. Keyed by the token's SHA-256, so no token is held.
 */
final class RateBudgets {
  private final ConcurrentMap<String, RateBudget> byToken = new ConcurrentHashMap<>();
  private final InstantSource clock;

  RateBudgets(InstantSource clock) {
    this.clock = clock;
  }

  void record(Secret token, okhttp3.Headers headers) {
    Integer limit = number(headers.get("x-ratelimit-limit"));
    Integer remaining = number(headers.get("x-ratelimit-remaining"));
    Integer reset = number(headers.get("x-ratelimit-reset"));
    if (limit == null || remaining == null || reset == null) return;
    // the reset is given in whole seconds, the provider's window ends somewhere within that second:
    // the budget counts as refilled only once that second is over
    String resource = headers.get("x-ratelimit-resource");
    byToken.put(
        Sha256.hex(token.reveal()),
        new RateBudget(
            limit,
            remaining,
            Instant.ofEpochSecond(reset + 1L),
            resource == null ? "" : resource.trim(),
            clock.instant()));
  }

  Optional<RateBudget> of(Secret token) {
    return Optional.ofNullable(byToken.get(Sha256.hex(token.reveal())));
  }

  private static Integer number(String value) {
    if (value == null) return null;
    try {
      int n = Integer.parseInt(value.trim());
      return n < 0 ? null : n;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
