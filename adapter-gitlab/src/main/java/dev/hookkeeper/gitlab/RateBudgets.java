package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.Secret;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import okhttp3.Headers;

/**
 * The latest {@code RateLimit-Limit/-Remaining/-Reset} figures GitLab sent for each token
 * (GitLab.com sends them on authenticated API answers; a self-managed instance without limits sends
 * none). Keyed by the token's SHA-256, so no token is held. Duplicated from the GitHub adapter's
 * idea on purpose: adapters share nothing but the core.
 */
final class RateBudgets {
  private final ConcurrentMap<String, RateBudget> byToken = new ConcurrentHashMap<>();
  private final InstantSource clock;

  RateBudgets(InstantSource clock) {
    this.clock = clock;
  }

  void record(Secret token, Headers headers) {
    Integer limit = number(headers.get("RateLimit-Limit"));
    Integer remaining = number(headers.get("RateLimit-Remaining"));
    Integer reset = number(headers.get("RateLimit-Reset"));
    if (limit == null || remaining == null || reset == null) return;
    // the reset is given in whole seconds, the provider's window ends somewhere within that second:
    // the budget counts as refilled only once that second is over
    String name = headers.get("RateLimit-Name");
    byToken.put(
        Sha256.hex(token.reveal()),
        new RateBudget(
            limit,
            remaining,
            Instant.ofEpochSecond(reset + 1L),
            name == null ? "" : name.trim(),
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
