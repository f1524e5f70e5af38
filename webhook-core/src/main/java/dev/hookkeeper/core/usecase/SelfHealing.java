package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.ReconcileSettings;
import dev.hookkeeper.core.port.TokenRefresher;
import java.util.Objects;

/**
 * How the hooks heal themselves: the reconciler's settings, the OAuth refresh of expiring tokens,
 * and who is told what was repaired.
 */
public record SelfHealing(
    ReconcileSettings settings, TokenRefresher refresher, HealingListener listener) {
  /** Nothing in the background; reconciles run when asked for; tokens are used as stored. */
  public static final SelfHealing ON_DEMAND =
      new SelfHealing(ReconcileSettings.ON_DEMAND, TokenRefresher.NONE, HealingListener.NONE);

  public SelfHealing {
    Objects.requireNonNull(settings, "settings == null");
    Objects.requireNonNull(refresher, "refresher == null");
    Objects.requireNonNull(listener, "listener == null");
  }
}
