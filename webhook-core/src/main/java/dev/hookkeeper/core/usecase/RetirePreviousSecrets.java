package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Ends the grace period of secret rotations: a hook's previous secret (and, for GitLab, its token
 * hash) is forgotten once the current one is older than the grace period, so a delivery signed with
 * it is refused from then on. In bounded batches; safe to run on every instance at once.
 */
public final class RetirePreviousSecrets {
  static final int BATCH = 100;

  private final Ports ports;
  private final Duration grace;

  public RetirePreviousSecrets(Ports ports, Duration grace) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.grace = Objects.requireNonNull(grace, "grace == null");
  }

  /** Returns how many previous secrets were retired. */
  public int retireDue() {
    Instant cutoff = ports.clock().instant().minus(grace);
    int total = 0;
    int n;
    while ((n = ports.hooks().retirePreviousSecrets(cutoff, BATCH).size()) > 0) total += n;
    return total;
  }
}
