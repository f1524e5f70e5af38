package dev.hookkeeper.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AuthFailureThrottleTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T06:00:00Z"));
  private final AuthFailureThrottle throttle = new AuthFailureThrottle(3, Duration.ofMinutes(1), now::get);

  @Test
  void allows_the_budget_then_asks_to_wait_until_the_window_ends() {
    assertThat(throttle.recordFailure("10.0.0.1")).isZero();
    assertThat(throttle.recordFailure("10.0.0.1")).isZero();
    assertThat(throttle.recordFailure("10.0.0.1")).isZero();
    now.set(now.get().plusSeconds(20));
    assertThat(throttle.recordFailure("10.0.0.1")).isEqualTo(40);
    assertThat(throttle.recordFailure("10.0.0.2")).as("other addresses are unaffected").isZero();
  }

  @Test
  void a_new_window_starts_fresh_and_pruning_forgets_ended_windows() {
    for (int i = 0; i < 5; i++) throttle.recordFailure("10.0.0.1");
    now.set(now.get().plus(Duration.ofMinutes(1)));
    assertThat(throttle.recordFailure("10.0.0.1")).isZero();
    now.set(now.get().plus(Duration.ofMinutes(2)));
    throttle.prune();
    assertThat(throttle.trackedAddresses()).isZero();
  }
}
