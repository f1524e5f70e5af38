package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.DeliveryStats;
import dev.hookkeeper.core.model.RepositoryHook;
import java.util.Objects;

/** A hook's state and the counts over its delivery log. */
public record HookStatusView(RepositoryHook hook, DeliveryStats stats) {
  public HookStatusView {
    Objects.requireNonNull(hook, "hook == null");
    Objects.requireNonNull(stats, "stats == null");
  }
}
