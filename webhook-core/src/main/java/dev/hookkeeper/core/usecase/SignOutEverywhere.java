package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SessionStore;
import java.util.Objects;

/** Ends every session of a user (a lost laptop, a deleted user). */
public final class SignOutEverywhere {
  private final SessionStore sessions;

  public SignOutEverywhere(SessionStore sessions) {
    this.sessions = Objects.requireNonNull(sessions, "sessions == null");
  }

  /** Returns how many sessions ended. */
  public int signOut(UserId userId) {
    return sessions.deleteAllOf(Objects.requireNonNull(userId, "userId == null"));
  }
}
