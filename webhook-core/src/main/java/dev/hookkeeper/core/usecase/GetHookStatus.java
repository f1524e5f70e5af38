package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.DeliveryLog;
import dev.hookkeeper.core.port.HookStore;
import java.util.Objects;
import java.util.Optional;

/** A connection's hook: status, events, last delivery and delivery counts. */
public final class GetHookStatus {
  private final HookStore hooks;
  private final ConnectionStore connections;
  private final DeliveryLog deliveries;

  public GetHookStatus(HookStore hooks, ConnectionStore connections, DeliveryLog deliveries) {
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.deliveries = Objects.requireNonNull(deliveries, "deliveries == null");
  }

  public Optional<HookStatusView> status(UserId userId, ConnectionId connectionId) {
    return Ownership.connection(connections, userId, connectionId)
        .flatMap(c -> hooks.findByRepository(c.repositoryId()))
        .map(hook -> new HookStatusView(hook, deliveries.stats(hook.id())));
  }
}
