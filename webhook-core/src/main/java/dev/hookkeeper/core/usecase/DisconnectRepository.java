package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import java.util.Objects;
import java.util.Optional;

/**
 * Disconnects a user from a repository. The last disconnection deletes the hook; the deletion is
 * queued durably in the same transaction that removes the rows, then tried at once, so a provider
 * that says no (or is down) leaves a retried cleanup, never an orphan. Disconnections of one
 * repository are serialised on its hook row (see {@link Disconnector}).
 */
public final class DisconnectRepository {
  private final ConnectionStore connections;
  private final Disconnector disconnector;
  private final HookCleaner cleaner;

  public DisconnectRepository(
      ConnectionStore connections, Disconnector disconnector, HookCleaner cleaner) {
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.disconnector = Objects.requireNonNull(disconnector, "disconnector == null");
    this.cleaner = Objects.requireNonNull(cleaner, "cleaner == null");
  }

  public Result disconnect(UserId userId, ConnectionId connectionId) {
    Optional<Connection> found =
        connections.find(connectionId).filter(c -> c.userId().equals(userId));
    if (found.isEmpty()) return new Result.NotFound();

    ConnectionRemoval removal = disconnector.disconnect(found.get());
    if (!removal.removed()) return new Result.NotFound();
    if (removal.othersRemain()) {
      return new Result.Disconnected(
          false, "Disconnected. The webhook stays: other users are still connected.");
    }
    if (removal.owed().isEmpty())
      return new Result.Disconnected(true, "Disconnected. There was no webhook to delete.");
    CleanupOutcome outcome = cleaner.attempt(removal.owed().get());
    if (outcome == CleanupOutcome.DELETED)
      return new Result.Disconnected(true, "Disconnected and webhook deleted.");
    if (outcome == CleanupOutcome.NOT_OWED) {
      return new Result.Disconnected(
          false, "Disconnected. The webhook was taken over by a new connection.");
    }
    return new Result.Disconnected(
        false, "Disconnected. Deleting the webhook failed; it is queued and retried.");
  }

  public sealed interface Result {
    /**
     * @param hookDeleted false when the hook stays for other users or its deletion was queued
     */
    record Disconnected(boolean hookDeleted, String message) implements Result {}

    record NotFound() implements Result {}
  }
}
