package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.HookEventLog;
import java.util.Objects;
import java.util.Optional;

/** A connection's hook audit trail, newest first. */
public final class ListHookEvents {
  private final ConnectionStore connections;
  private final HookEventLog hookEvents;

  public ListHookEvents(ConnectionStore connections, HookEventLog hookEvents) {
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.hookEvents = Objects.requireNonNull(hookEvents, "hookEvents == null");
  }

  /** Empty when the connection is not the user's. */
  public Optional<Page<HookEvent>> list(
      UserId userId, ConnectionId connectionId, PageRequest page) {
    return Ownership.connection(connections, userId, connectionId)
        .map(c -> hookEvents.listByRepository(c.repositoryId(), page));
  }
}
