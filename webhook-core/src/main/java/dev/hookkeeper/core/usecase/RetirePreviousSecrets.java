package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.port.HookStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Ends the grace period of secret rotations: a hook's previous secret (and, for GitLab, its token
 * hash) is forgotten once the current one is older than the grace period, so a delivery signed with
 * it is refused from then on. In bounded batches; safe to run on every instance at once.
 */
public final class RetirePreviousSecrets {
  static final int BATCH = 100;

  private final HookStore hooks;
  private final InstantSource clock;
  private final Duration grace;

  public RetirePreviousSecrets(HookStore hooks, InstantSource clock, Duration grace) {
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.grace = Objects.requireNonNull(grace, "grace == null");
  }

  /** Returns how many previous secrets were retired. */
  public int retireDue() {
    Instant cutoff = clock.instant().minus(grace);
    int total = 0;
    int n;
    while ((n = hooks.retirePreviousSecrets(cutoff, BATCH).size()) > 0) total += n;
    return total;
  }
}
