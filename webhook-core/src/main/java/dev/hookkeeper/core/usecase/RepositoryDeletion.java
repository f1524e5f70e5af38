package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.notify.NotificationPayloads;
import dev.hookkeeper.core.notify.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The repository is gone at the provider (a repository hook never hears of its own repository's
 * deletion; the reconciler sees it answer 404 by its stable id): every connection to it ends with
 * reason {@code repository_deleted}, their users are told, and the hook row goes. Nothing is left
 * to delete at the provider: the repository took its hooks with it. Under the hook row's lock, like
 * every connect and disconnect of the repository.
 */
final class RepositoryDeletion {
  static final String REASON = "repository_deleted";

  private final Ports ports;

  RepositoryDeletion(Ports ports) {
    this.ports = ports;
  }

  /** Returns the {@code deleted} event, or empty when the hook row was gone already. */
  Optional<HookEvent> delete(RepositoryHook hook, Repository repo, String detail) {
    Outbox outbox = new Outbox();
    Optional<HookEvent> deleted =
        ports
            .tx()
            .inTransaction(
                () -> {
                  Optional<RepositoryHook> locked =
                      ports
                          .hooks()
                          .lockByRepository(repo.id())
                          .filter(h -> h.id().equals(hook.id()));
                  if (locked.isEmpty()) return Optional.<HookEvent>empty();
                  Instant now = ports.clock().instant();
                  List<Connection> connections =
                      Outbox.inLockOrder(ports.connections().listByRepository(repo.id()));
                  for (Connection c : connections) {
                    ports.incidents().deleteByConnection(c.id());
                    ports.connections().delete(c.id());
                    outbox.add(
                        ports.notifications(),
                        c.userId(),
                        NotificationType.CONNECTION_ENDED,
                        NotificationPayloads.connectionEnded(c, repo, REASON),
                        now);
                  }
                  ports.hooks().delete(hook.id());
                  HookEvent event =
                      new HookEvent(
                          ports.ids().newId("hev"),
                          repo.id(),
                          hook.id(),
                          HookEventKind.DELETED,
                          REASON
                              + ": "
                              + detail
                              + "; "
                              + connections.size()
                              + " connection(s) ended",
                          now);
                  ports.hookEvents().append(event);
                  return Optional.of(event);
                });
    outbox.publishAfterCommit(ports.notifier());
    return deleted;
  }
}
