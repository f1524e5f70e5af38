package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.UserId;
import java.util.Objects;
import java.util.Optional;

/** A connection's hook: status, events, last delivery, delivery counts and its reconcile state. */
public final class GetHookStatus {
  private final Ports ports;

  public GetHookStatus(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
  }

  public Optional<HookStatusView> status(UserId userId, ConnectionId connectionId) {
    return Ownership.connection(ports.connections(), userId, connectionId)
        .flatMap(c -> ports.hooks().findByRepository(c.repositoryId()))
        .map(
            hook ->
                new HookStatusView(
                    hook,
                    ports.deliveries().stats(hook.id()),
                    ports.reconcileSchedule().find(hook.id()).orElse(null)));
  }
}
