package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconciles one connection's hook now, on the caller's thread, and answers what it found and did.
 */
public final class ReconcileRepository {
  private final Ports ports;
  private final ReconcileHooks reconciler;

  public ReconcileRepository(Ports ports, ReconcileHooks reconciler) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.reconciler = Objects.requireNonNull(reconciler, "reconciler == null");
  }

  public Result reconcile(UserId userId, ConnectionId connectionId) {
    Optional<Connection> connection =
        Ownership.connection(ports.connections(), userId, connectionId);
    if (connection.isEmpty()) return new Result.NotFound();
    Optional<RepositoryHook> hook = ports.hooks().findByRepository(connection.get().repositoryId());
    if (hook.isEmpty()) return new Result.NotFound();
    return reconciler
        .reconcileNow(hook.get().id())
        .<Result>map(Result.Reconciled::new)
        .orElseGet(Result.InProgress::new);
  }

  public sealed interface Result {
    record Reconciled(ReconcileReport report) implements Result {}

    /** Another reconcile of this hook (or of its token's) runs now, here or on another instance. */
    record InProgress() implements Result {}

    record NotFound() implements Result {}
  }
}
