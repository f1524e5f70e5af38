package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.DeliverySource;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.Provider;

/**
 * Told what self-healing did, e.g. to count it in metrics. Called after the fact, outside any
 * transaction; must be quick and must not throw.
 */
public interface HealingListener {
  HealingListener NONE = new HealingListener() {};

  /** The hook's audit trail recorded {@code kind} (a repair, a loss, a recovery). */
  default void recorded(Provider provider, HookEventKind kind) {}

  /**
   * {@code count} missed deliveries came back: redelivered by the provider ({@link
   * DeliverySource#WEBHOOK}) or caught up from its runs API ({@link DeliverySource#CATCH_UP}).
   */
  default void recovered(Provider provider, DeliverySource how, int count) {}

  /** A reconcile of a hook of {@code provider} ended with {@code outcome}. */
  default void reconciled(Provider provider, ReconcileReport.Outcome outcome) {}
}
