package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.SignInPorts;
import dev.hookkeeper.core.model.UserId;
import java.util.Objects;

/** Ends every session of a user (a lost laptop, a deleted user). */
public final class SignOutEverywhere {
  private final SignInPorts signIn;

  public SignOutEverywhere(SignInPorts signIn) {
    this.signIn = Objects.requireNonNull(signIn, "signIn == null");
  }

  /** Returns how many sessions ended. */
  public int signOut(UserId userId) {
    return signIn.sessions().deleteAllOf(Objects.requireNonNull(userId, "userId == null"));
  }
}
