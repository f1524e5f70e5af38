package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.HookStore;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconciles one connection's hook now, on the caller's thread, and answers what it found and did.
 */
public final class ReconcileRepository {
  private final HookStore hooks;
  private final ConnectionStore connections;
  private final ReconcileHooks reconciler;

  public ReconcileRepository(
      HookStore hooks, ConnectionStore connections, ReconcileHooks reconciler) {
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.reconciler = Objects.requireNonNull(reconciler, "reconciler == null");
  }

  public Result reconcile(UserId userId, ConnectionId connectionId) {
    Optional<Connection> connection = Ownership.connection(connections, userId, connectionId);
    if (connection.isEmpty()) return new Result.NotFound();
    Optional<RepositoryHook> hook = hooks.findByRepository(connection.get().repositoryId());
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
