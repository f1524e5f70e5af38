package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.ProviderFailure;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The fake provider's call record and its outage and rate-limit switches. Guarded by the fake's lock. */
final class FakeProviderCalls {
  private final List<FakeProviderHooksApi.Call> calls = new ArrayList<>();
  boolean down;
  int rateLimitedRequests;

  /** Records the call; the failure an outage or a scripted rate limit answers it with, if any. */
  Optional<ProviderFailure> record(FakeProviderHooksApi.Call call, InstantSource clock) {
    calls.add(call);
    if (down) return Optional.of(ProviderFailure.of(FailureReason.PROVIDER_UNAVAILABLE, "502 Bad Gateway"));
    if (rateLimitedRequests > 0) {
      rateLimitedRequests--;
      return Optional.of(new ProviderFailure(FailureReason.RATE_LIMITED, "API rate limit exceeded",
          clock.instant().plus(Duration.ofSeconds(60))));
    }
    return Optional.empty();
  }

  List<FakeProviderHooksApi.Call> all() {
    return List.copyOf(calls);
  }

  void clear() {
    calls.clear();
  }
}
