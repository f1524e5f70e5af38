package dev.hookkeeper.core.config;

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
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.port.TokenVault;
import dev.hookkeeper.core.port.TransactionRunner;
import dev.hookkeeper.core.port.UserStore;
import dev.hookkeeper.core.port.WorkflowRunStore;
import java.util.Objects;

/**
 * Every store Hookkeeper keeps its state in, and the transaction runner that makes several of them
 * change as one. The runner must cover every store here: a store it does not join breaks the
 * atomicity the use cases rely on (a hook row and its connection, a delivery and its effects). An
 * adapter builds the whole set ({@code JdbiStores} on PostgreSQL, the contract kit's in-memory
 * stores); {@link #builder()} and {@link #toBuilder()} name each store, to assemble or replace one.
 */
public record Stores(
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
  public Stores {
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

  /**
   * Builds the stores once the cipher is known: stores that encrypt at rest (provider tokens) take
   * it from here, so the stores and the use cases always share one key ring.
   */
  @FunctionalInterface
  public interface Factory {
    Stores create(SecretCipher cipher);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these stores, to replace some of them. */
  public Builder toBuilder() {
    return new Builder()
        .users(users)
        .tokens(tokens)
        .repositories(repositories)
        .hooks(hooks)
        .connections(connections)
        .deliveries(deliveries)
        .inbox(inbox)
        .runs(runs)
        .incidents(incidents)
        .notifications(notifications)
        .cleanups(cleanups)
        .hookEvents(hookEvents)
        .reconcileSchedule(reconcileSchedule)
        .tx(tx);
  }

  /** Names each store; {@link #build()} refuses a set with one missing. Not thread-safe. */
  public static final class Builder {
    private UserStore users;
    private TokenVault tokens;
    private RepositoryStore repositories;
    private HookStore hooks;
    private ConnectionStore connections;
    private DeliveryLog deliveries;
    private Inbox inbox;
    private WorkflowRunStore runs;
    private IncidentStore incidents;
    private NotificationStore notifications;
    private HookCleanupQueue cleanups;
    private HookEventLog hookEvents;
    private ReconcileSchedule reconcileSchedule;
    private TransactionRunner tx;

    private Builder() {}

    public Builder users(UserStore users) {
      this.users = users;
      return this;
    }

    public Builder tokens(TokenVault tokens) {
      this.tokens = tokens;
      return this;
    }

    public Builder repositories(RepositoryStore repositories) {
      this.repositories = repositories;
      return this;
    }

    public Builder hooks(HookStore hooks) {
      this.hooks = hooks;
      return this;
    }

    public Builder connections(ConnectionStore connections) {
      this.connections = connections;
      return this;
    }

    public Builder deliveries(DeliveryLog deliveries) {
      this.deliveries = deliveries;
      return this;
    }

    public Builder inbox(Inbox inbox) {
      this.inbox = inbox;
      return this;
    }

    public Builder runs(WorkflowRunStore runs) {
      this.runs = runs;
      return this;
    }

    public Builder incidents(IncidentStore incidents) {
      this.incidents = incidents;
      return this;
    }

    public Builder notifications(NotificationStore notifications) {
      this.notifications = notifications;
      return this;
    }

    public Builder cleanups(HookCleanupQueue cleanups) {
      this.cleanups = cleanups;
      return this;
    }

    public Builder hookEvents(HookEventLog hookEvents) {
      this.hookEvents = hookEvents;
      return this;
    }

    public Builder reconcileSchedule(ReconcileSchedule reconcileSchedule) {
      this.reconcileSchedule = reconcileSchedule;
      return this;
    }

    public Builder tx(TransactionRunner tx) {
      this.tx = tx;
      return this;
    }

    /**
     * @throws NullPointerException naming the first store not given
     */
    public Stores build() {
      return new Stores(
          users,
          tokens,
          repositories,
          hooks,
          connections,
          deliveries,
          inbox,
          runs,
          incidents,
          notifications,
          cleanups,
          hookEvents,
          reconcileSchedule,
          tx);
    }
  }
}
