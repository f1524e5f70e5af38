package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.DeliveryStats;
import dev.hookkeeper.core.model.ReconcileState;
import dev.hookkeeper.core.model.RepositoryHook;
import java.util.Objects;

/**
 * A hook's state, the counts over its delivery log, and where it stands with the reconciler.
 *
 * @param reconcile {@code null} before the reconciler first scheduled it
 */
public record HookStatusView(RepositoryHook hook, DeliveryStats stats, ReconcileState reconcile) {
  public HookStatusView {
    Objects.requireNonNull(hook, "hook == null");
    Objects.requireNonNull(stats, "stats == null");
  }

  public HookStatusView(RepositoryHook hook, DeliveryStats stats) {
    this(hook, stats, null);
  }
}
