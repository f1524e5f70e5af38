package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.model.WorkflowRun;
import java.util.Objects;
import java.util.Optional;

/** The workflow runs recorded for a connection's repository, newest first. */
public final class ListWorkflowRuns {
  private final Ports ports;

  public ListWorkflowRuns(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
  }

  /** Empty when the user has no such connection. */
  public Optional<Page<WorkflowRun>> list(UserId userId, ConnectionId connectionId, PageRequest page) {
    return Ownership.connection(ports.connections(), userId, connectionId)
        .map(c -> ports.runs().listByRepository(c.repositoryId(), page));
  }
}
