package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.DeliveryLog;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.ReconcileSchedule;
import java.util.Objects;
import java.util.Optional;

/** A connection's hook: status, events, last delivery, delivery counts and its reconcile state. */
public final class GetHookStatus {
  private final HookStore hooks;
  private final ConnectionStore connections;
  private final DeliveryLog deliveries;
  private final ReconcileSchedule reconcileSchedule;

  public GetHookStatus(
      HookStore hooks,
      ConnectionStore connections,
      DeliveryLog deliveries,
      ReconcileSchedule reconcileSchedule) {
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.deliveries = Objects.requireNonNull(deliveries, "deliveries == null");
    this.reconcileSchedule = Objects.requireNonNull(reconcileSchedule, "reconcileSchedule == null");
  }

  public Optional<HookStatusView> status(UserId userId, ConnectionId connectionId) {
    return Ownership.connection(connections, userId, connectionId)
        .flatMap(c -> hooks.findByRepository(c.repositoryId()))
        .map(
            hook ->
                new HookStatusView(
                    hook,
                    deliveries.stats(hook.id()),
                    reconcileSchedule.find(hook.id()).orElse(null)));
  }
}
