package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.notify.NotificationPayloads;
import dev.hookkeeper.core.notify.Outbox;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.HookEventLog;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.IdGenerator;
import dev.hookkeeper.core.port.IncidentStore;
import dev.hookkeeper.core.port.NotificationStore;
import dev.hookkeeper.core.port.Notifier;
import dev.hookkeeper.core.port.TransactionRunner;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The repository is gone at the provider (a repository hook never hears of its own repository's
 * deletion; the reconciler sees it answer 404 by its stable id): every connection to it ends with
 * reason {@code repository_deleted}, their users are told, and the hook row goes. Nothing is left
 * to delete at the provider: the repository took its hooks with it. Under the hook row's lock, like
 * every connect and disconnect of the repository.
 */
public final class RepositoryDeletion {
  static final String REASON = "repository_deleted";

  private final HookStore hooks;
  private final ConnectionStore connections;
  private final IncidentStore incidents;
  private final NotificationStore notifications;
  private final HookEventLog hookEvents;
  private final TransactionRunner tx;
  private final Notifier notifier;
  private final IdGenerator ids;
  private final InstantSource clock;

  public RepositoryDeletion(
      HookStore hooks,
      ConnectionStore connections,
      IncidentStore incidents,
      NotificationStore notifications,
      HookEventLog hookEvents,
      TransactionRunner tx,
      Notifier notifier,
      IdGenerator ids,
      InstantSource clock) {
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.incidents = Objects.requireNonNull(incidents, "incidents == null");
    this.notifications = Objects.requireNonNull(notifications, "notifications == null");
    this.hookEvents = Objects.requireNonNull(hookEvents, "hookEvents == null");
    this.tx = Objects.requireNonNull(tx, "tx == null");
    this.notifier = Objects.requireNonNull(notifier, "notifier == null");
    this.ids = Objects.requireNonNull(ids, "ids == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** Returns the {@code deleted} event, or empty when the hook row was gone already. */
  Optional<HookEvent> delete(RepositoryHook hook, Repository repo, String detail) {
    Outbox outbox = new Outbox();
    Optional<HookEvent> deleted =
        tx.inTransaction(
            () -> {
              Optional<RepositoryHook> locked =
                  hooks.lockByRepository(repo.id()).filter(h -> h.id().equals(hook.id()));
              if (locked.isEmpty()) return Optional.<HookEvent>empty();
              Instant now = clock.instant();
              List<Connection> ended = Outbox.inLockOrder(connections.listByRepository(repo.id()));
              for (Connection c : ended) {
                incidents.deleteByConnection(c.id());
                connections.delete(c.id());
                outbox.add(
                    notifications,
                    c.userId(),
                    NotificationType.CONNECTION_ENDED,
                    NotificationPayloads.connectionEnded(c, repo, REASON),
                    now);
              }
              hooks.delete(hook.id());
              HookEvent event =
                  new HookEvent(
                      ids.newId("hev"),
                      repo.id(),
                      hook.id(),
                      HookEventKind.DELETED,
                      REASON + ": " + detail + "; " + ended.size() + " connection(s) ended",
                      now);
              hookEvents.append(event);
              return Optional.of(event);
            });
    outbox.publishAfterCommit(notifier);
    return deleted;
  }
}
