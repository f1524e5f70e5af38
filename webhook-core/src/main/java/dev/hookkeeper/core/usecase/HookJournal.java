package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.notify.NotificationPayloads;
import dev.hookkeeper.core.notify.Outbox;
import java.time.Instant;
import java.util.Set;

/**
 * Writes what happened to a hook where users see it: its audit trail, and the live notifications of
 * every user connected to its repository ({@code webhook.repaired}, {@code webhook.degraded},
 * {@code deliveries.recovered}, {@code webhook.status_changed}). Each record is one transaction;
 * notifications are pushed after its commit.
 */
final class HookJournal {
  /** The kinds a connected user is told about live as a repair. */
  private static final Set<HookEventKind> REPAIRS =
      Set.of(
          HookEventKind.REPAIRED,
          HookEventKind.RECREATED,
          HookEventKind.REENABLED,
          HookEventKind.URL_UPDATED,
          HookEventKind.SECRET_ROTATED,
          HookEventKind.HANDED_OVER);

  private final Ports ports;
  private final HealingListener listener;

  HookJournal(Ports ports, HealingListener listener) {
    this.ports = ports;
    this.listener = listener;
  }

  /**
   * Records {@code kind}; a repair is announced to every connected user with the hook's status now.
   */
  HookEvent record(RepositoryHook hook, Repository repo, HookEventKind kind, String detail) {
    Instant now = ports.clock().instant();
    HookEvent event = event(hook, kind, detail, now);
    Outbox outbox = new Outbox();
    ports
        .tx()
        .inTransaction(
            () -> {
              ports.hookEvents().append(event);
              if (REPAIRS.contains(kind)) {
                RepositoryHook current = ports.hooks().find(hook.id()).orElse(hook);
                for (Connection c : connections(repo)) {
                  outbox.add(
                      ports.notifications(),
                      c.userId(),
                      NotificationType.WEBHOOK_REPAIRED,
                      NotificationPayloads.repaired(c, repo, current, event),
                      now);
                }
              }
              return null;
            });
    outbox.publishAfterCommit(ports.notifier());
    listener.recorded(hook.provider(), kind);
    return event;
  }

  /**
   * The hook is DEGRADED for {@code reason} (from whatever status it has now): recorded and
   * announced.
   */
  HookEvent degraded(RepositoryHook hook, Repository repo, FailureReason reason, String detail) {
    Instant now = ports.clock().instant();
    HookEvent event = event(hook, HookEventKind.DEGRADED, reason.code() + ": " + detail, now);
    Outbox outbox = new Outbox();
    ports
        .tx()
        .inTransaction(
            () -> {
              ports.hooks().updateStatus(hook.id(), HookStatus.DEGRADED, reason, detail, now);
              ports.hookEvents().append(event);
              RepositoryHook changed = hook.withStatus(HookStatus.DEGRADED, reason, detail, now);
              for (Connection c : connections(repo)) {
                outbox.add(
                    ports.notifications(),
                    c.userId(),
                    NotificationType.WEBHOOK_DEGRADED,
                    NotificationPayloads.degraded(c, repo, reason, detail),
                    now);
                outbox.add(
                    ports.notifications(),
                    c.userId(),
                    NotificationType.WEBHOOK_STATUS_CHANGED,
                    NotificationPayloads.hookStatus(c, repo, changed),
                    now);
              }
              return null;
            });
    outbox.publishAfterCommit(ports.notifier());
    listener.recorded(hook.provider(), HookEventKind.DEGRADED);
    return event;
  }

  /** Missed deliveries came back: recorded and announced. */
  HookEvent recovered(RepositoryHook hook, Repository repo, int redelivered, int caughtUp) {
    Instant now = ports.clock().instant();
    HookEvent event =
        event(
            hook,
            HookEventKind.DELIVERIES_RECOVERED,
            "redelivered by the provider: "
                + redelivered
                + "; caught up from its runs API: "
                + caughtUp,
            now);
    Outbox outbox = new Outbox();
    ports
        .tx()
        .inTransaction(
            () -> {
              ports.hookEvents().append(event);
              for (Connection c : connections(repo)) {
                outbox.add(
                    ports.notifications(),
                    c.userId(),
                    NotificationType.DELIVERIES_RECOVERED,
                    NotificationPayloads.recovered(c, repo, redelivered, caughtUp),
                    now);
              }
              return null;
            });
    outbox.publishAfterCommit(ports.notifier());
    listener.recorded(hook.provider(), HookEventKind.DELIVERIES_RECOVERED);
    return event;
  }

  /**
   * Moves the hook from {@code expected} to {@code status} (a compare-and-set: a delivery may have
   * changed it meanwhile) and tells every connected user. Returns whether it changed.
   */
  boolean status(
      RepositoryHook hook,
      Repository repo,
      HookStatus expected,
      HookStatus status,
      FailureReason reason,
      String message) {
    Instant now = ports.clock().instant();
    Outbox outbox = new Outbox();
    boolean changed =
        ports
            .tx()
            .inTransaction(
                () -> {
                  if (expected == status
                      || !ports
                          .hooks()
                          .updateStatusIf(hook.id(), expected, status, reason, message, now)) {
                    return false;
                  }
                  RepositoryHook after = hook.withStatus(status, reason, message, now);
                  for (Connection c : connections(repo)) {
                    outbox.add(
                        ports.notifications(),
                        c.userId(),
                        NotificationType.WEBHOOK_STATUS_CHANGED,
                        NotificationPayloads.hookStatus(c, repo, after),
                        now);
                  }
                  return true;
                });
    outbox.publishAfterCommit(ports.notifier());
    return changed;
  }

  private java.util.List<Connection> connections(Repository repo) {
    return Outbox.inLockOrder(ports.connections().listByRepository(repo.id()));
  }

  private HookEvent event(RepositoryHook hook, HookEventKind kind, String detail, Instant at) {
    return new HookEvent(
        ports.ids().newId("hev"), hook.repositoryId(), hook.id(), kind, detail, at);
  }
}
