package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.WorkflowRunStore;
import java.util.Objects;
import java.util.Optional;

/** The workflow runs recorded for a connection's repository, newest first. */
public final class ListWorkflowRuns {
  private final ConnectionStore connections;
  private final WorkflowRunStore runs;

  public ListWorkflowRuns(ConnectionStore connections, WorkflowRunStore runs) {
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.runs = Objects.requireNonNull(runs, "runs == null");
  }

  /** Empty when the user has no such connection. */
  public Optional<Page<WorkflowRun>> list(
      UserId userId, ConnectionId connectionId, PageRequest page) {
    return Ownership.connection(connections, userId, connectionId)
        .map(c -> runs.listByRepository(c.repositoryId(), page));
  }
}
