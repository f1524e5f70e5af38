package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.port.SessionStore;
import java.util.Objects;

/** Ends the session of one browser; its cookie opens nothing from now on. */
public final class SignOut {
  private final SessionStore sessions;

  public SignOut(SessionStore sessions) {
    this.sessions = Objects.requireNonNull(sessions, "sessions == null");
  }

  /** Returns whether a session ended. */
  public boolean signOut(String presentedToken) {
    if (presentedToken == null || presentedToken.isBlank()) return false;
    return sessions.delete(Sha256.hex(presentedToken));
  }
}
