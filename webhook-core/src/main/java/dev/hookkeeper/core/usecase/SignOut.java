package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.SignInPorts;
import dev.hookkeeper.core.crypto.Sha256;
import java.util.Objects;

/** Ends the session of one browser; its cookie opens nothing from now on. */
public final class SignOut {
  private final SignInPorts signIn;

  public SignOut(SignInPorts signIn) {
    this.signIn = Objects.requireNonNull(signIn, "signIn == null");
  }

  /** Returns whether a session ended. */
  public boolean signOut(String presentedToken) {
    if (presentedToken == null || presentedToken.isBlank()) return false;
    return signIn.sessions().delete(Sha256.hex(presentedToken));
  }
}
