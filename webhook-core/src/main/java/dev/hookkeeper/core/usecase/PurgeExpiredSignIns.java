package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.SignInPorts;
import java.time.Instant;
import java.util.Objects;

/** Deletes expired sessions and abandoned sign-ins, a bounded batch of each per call. */
public final class PurgeExpiredSignIns {
  static final int BATCH = 1000;

  private final Ports ports;
  private final SignInPorts signIn;

  public PurgeExpiredSignIns(Ports ports, SignInPorts signIn) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.signIn = Objects.requireNonNull(signIn, "signIn == null");
  }

  /** Returns how many rows went. */
  public int purge() {
    Instant now = ports.clock().instant();
    return signIn.sessions().purgeExpired(now, BATCH) + signIn.signIns().purgeExpired(now, BATCH);
  }
}
