package dev.hookkeeper.core.contract;

import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.DeliveryLog;
import dev.hookkeeper.core.port.HookCleanupQueue;
import dev.hookkeeper.core.port.HookEventLog;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.Inbox;
import dev.hookkeeper.core.port.IncidentStore;
import dev.hookkeeper.core.port.NotificationStore;
import dev.hookkeeper.core.port.ReconcileSchedule;
import dev.hookkeeper.core.port.RepositoryStore;
import dev.hookkeeper.core.port.TokenVault;
import dev.hookkeeper.core.port.TransactionRunner;
import dev.hookkeeper.core.port.UserStore;
import dev.hookkeeper.core.port.WorkflowRunStore;
import java.util.Objects;

/**
 * Every store of one adapter, sharing one database, as the store contracts need them: a contract
 * tests one port but creates parent rows (users, repositories, hooks, connections) through the
 * others, so an adapter with foreign keys passes unchanged.
 */
public record StoreFixture(
    UserStore users,
    TokenVault tokens,
    RepositoryStore repositories,
    HookStore hooks,
    ConnectionStore connections,
    DeliveryLog deliveries,
    Inbox inbox,
    WorkflowRunStore runs,
    IncidentStore incidents,
    NotificationStore notifications,
    HookCleanupQueue cleanups,
    HookEventLog hookEvents,
    ReconcileSchedule reconcileSchedule,
    TransactionRunner tx) {
  public StoreFixture {
    Objects.requireNonNull(users, "users == null");
    Objects.requireNonNull(tokens, "tokens == null");
    Objects.requireNonNull(repositories, "repositories == null");
    Objects.requireNonNull(hooks, "hooks == null");
    Objects.requireNonNull(connections, "connections == null");
    Objects.requireNonNull(deliveries, "deliveries == null");
    Objects.requireNonNull(inbox, "inbox == null");
    Objects.requireNonNull(runs, "runs == null");
    Objects.requireNonNull(incidents, "incidents == null");
    Objects.requireNonNull(notifications, "notifications == null");
    Objects.requireNonNull(cleanups, "cleanups == null");
    Objects.requireNonNull(hookEvents, "hookEvents == null");
    Objects.requireNonNull(reconcileSchedule, "reconcileSchedule == null");
    Objects.requireNonNull(tx, "tx == null");
  }
}
