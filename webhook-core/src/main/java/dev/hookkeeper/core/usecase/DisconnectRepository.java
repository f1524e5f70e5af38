package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Disconnects a user from a repository. The last disconnection deletes the hook; the deletion is
 * queued durably in the same transaction that removes the rows, then tried at once, so a
 * provider that says no (or is down) leaves a retried cleanup, never an orphan.
 */
public final class DisconnectRepository {
  private final Ports ports;
  private final HookCleaner cleaner;

  public DisconnectRepository(Ports ports, Providers providers) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.cleaner = new HookCleaner(ports, Objects.requireNonNull(providers, "providers == null"));
  }

  public Result disconnect(UserId userId, ConnectionId connectionId) {
    Optional<Connection> found = ports.connections().find(connectionId).filter(c -> c.userId().equals(userId));
    if (found.isEmpty()) return new Result.NotFound();
    Connection connection = found.get();
    Repository repo = ports.repositories().find(connection.repositoryId()).orElseThrow();

    Removal removal = ports.tx().inTransaction(() -> removeRows(userId, connection, repo));
    if (removal.othersRemain()) {
      return new Result.Disconnected(false, "Disconnected. The webhook stays: other users are still connected.");
    }
    if (removal.cleanup().isEmpty()) return new Result.Disconnected(true, "Disconnected. There was no webhook to delete.");
    return cleaner.attempt(removal.cleanup().get())
        ? new Result.Disconnected(true, "Disconnected and webhook deleted.")
        : new Result.Disconnected(false, "Disconnected. Deleting the webhook failed; it is queued and retried.");
  }

  /** What removing the rows left to do at the provider. */
  private record Removal(boolean othersRemain, Optional<HookCleanup> cleanup) {}

  private Removal removeRows(UserId userId, Connection connection, Repository repo) {
    ports.connections().delete(connection.id());
    Optional<RepositoryHook> hook = ports.hooks().findByRepository(repo.id());
    List<Connection> remaining = ports.connections().listByRepository(repo.id());
    Instant now = ports.clock().instant();
    if (!remaining.isEmpty()) {
      hook.filter(h -> h.managedBy().equals(userId))
          .ifPresent(h -> ports.hooks().update(h.withManager(successor(remaining, repo), now)));
      return new Removal(true, Optional.empty());
    }
    if (hook.isEmpty()) return new Removal(false, Optional.empty());
    ports.hooks().delete(hook.get().id());
    if (!hook.get().isCreatedAtProvider()) return new Removal(false, Optional.empty());
    HookCleanup cleanup = new HookCleanup(ports.ids().newId("cln"), repo.provider(), userId,
        repo.providerRepoId(), repo.fullName(), hook.get().providerHookId(), 0, now, null, now);
    ports.cleanups().enqueue(cleanup);
    return new Removal(false, Optional.of(cleanup));
  }

  /** The next manager: the longest-connected user who has a token for the provider. */
  private UserId successor(List<Connection> remaining, Repository repo) {
    return remaining.stream()
        .map(Connection::userId)
        .filter(u -> ports.tokens().find(u, repo.provider()).isPresent())
        .findFirst()
        .orElse(remaining.get(0).userId());
  }

  public sealed interface Result {
    /** @param hookDeleted false when the hook stays for other users or its deletion was queued */
    record Disconnected(boolean hookDeleted, String message) implements Result {}

    record NotFound() implements Result {}
  }
}
