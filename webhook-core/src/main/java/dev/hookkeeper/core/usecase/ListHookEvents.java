package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.UserId;
import java.util.Objects;
import java.util.Optional;

/** A connection's hook audit trail, newest first. */
public final class ListHookEvents {
  private final Ports ports;

  public ListHookEvents(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
  }

  /** Empty when the connection is not the user's. */
  public Optional<Page<HookEvent>> list(
      UserId userId, ConnectionId connectionId, PageRequest page) {
    return Ownership.connection(ports.connections(), userId, connectionId)
        .map(c -> ports.hookEvents().listByRepository(c.repositoryId(), page));
  }
}
