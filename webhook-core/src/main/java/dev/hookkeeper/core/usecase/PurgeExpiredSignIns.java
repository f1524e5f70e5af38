package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.port.SessionStore;
import dev.hookkeeper.core.port.SignInStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/** Deletes expired sessions and abandoned sign-ins, a bounded batch of each per call. */
public final class PurgeExpiredSignIns {
  static final int BATCH = 1000;

  private final InstantSource clock;
  private final SessionStore sessions;
  private final SignInStore signIns;

  public PurgeExpiredSignIns(InstantSource clock, SessionStore sessions, SignInStore signIns) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.sessions = Objects.requireNonNull(sessions, "sessions == null");
    this.signIns = Objects.requireNonNull(signIns, "signIns == null");
  }

  /** Returns how many rows went. */
  public int purge() {
    Instant now = clock.instant();
    return sessions.purgeExpired(now, BATCH) + signIns.purgeExpired(now, BATCH);
  }
}
