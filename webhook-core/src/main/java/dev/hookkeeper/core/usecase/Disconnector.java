package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Removes a connection, or a manager, from a repository's hook, in one transaction that first locks
 * the hook's row: disconnections of one repository run one at a time, so of two users leaving at
 * once exactly one sees that nobody else remains and deletes the hook. The last one out deletes the
 * hook row and queues the provider hook's deletion in the same transaction; someone leaving hands
 * management to whoever remains. Shared by disconnect, token deletion and user deletion; the caller
 * attempts the queued deletion after the commit.
 */
final class Disconnector {
  private final Ports ports;

  Disconnector(Ports ports) {
    this.ports = ports;
  }

  /** Removes {@code connection} (and its incidents). */
  ConnectionRemoval disconnect(Connection connection) {
    Repository repo = ports.repositories().find(connection.repositoryId()).orElseThrow();
    return ports
        .tx()
        .inTransaction(
            () -> {
              Optional<RepositoryHook> hook = ports.hooks().lockByRepository(repo.id());
              ports.incidents().deleteByConnection(connection.id());
              if (!ports.connections().delete(connection.id()))
                return new ConnectionRemoval(repo, false, false, Optional.empty());
              return settle(repo, hook, connection.userId());
            });
  }

  /**
   * {@code leaving} stops managing {@code hook} without a connection to remove (it has none, e.g. a
   * user being deleted): whoever is connected takes over, or, with nobody, the hook goes.
   */
  ConnectionRemoval relinquish(RepositoryHook hook, UserId leaving) {
    Repository repo = ports.repositories().find(hook.repositoryId()).orElseThrow();
    return ports
        .tx()
        .inTransaction(
            () -> {
              Optional<RepositoryHook> locked =
                  ports
                      .hooks()
                      .lockByRepository(repo.id())
                      .filter(h -> h.id().equals(hook.id()) && h.managedBy().equals(leaving));
              if (locked.isEmpty())
                return new ConnectionRemoval(repo, false, false, Optional.empty());
              return settle(repo, locked, leaving);
            });
  }

  private ConnectionRemoval settle(Repository repo, Optional<RepositoryHook> hook, UserId leaving) {
    List<Connection> remaining =
        ports.connections().listByRepository(repo.id()).stream()
            .filter(c -> !c.userId().equals(leaving))
            .toList();
    Instant now = ports.clock().instant();
    if (!remaining.isEmpty()) {
      hook.filter(h -> h.managedBy().equals(leaving))
          .ifPresent(
              h -> {
                UserId next = successor(remaining, repo);
                if (ports.hooks().handOver(h.id(), leaving, next, now)) {
                  record(
                      h,
                      HookEventKind.HANDED_OVER,
                      "managed with " + next.value() + "'s token now; " + leaving.value() + " left",
                      now);
                }
              });
      return new ConnectionRemoval(repo, true, true, Optional.empty());
    }
    if (hook.isEmpty()) return new ConnectionRemoval(repo, true, false, Optional.empty());
    ports.hooks().delete(hook.get().id());
    record(
        hook.get(),
        HookEventKind.DELETED,
        "the last connection ended ("
            + leaving.value()
            + ")"
            + (hook.get().isCreatedAtProvider()
                ? "; webhook " + hook.get().providerHookId() + " is deleted at the provider"
                : ""),
        now);
    if (!hook.get().isCreatedAtProvider())
      return new ConnectionRemoval(repo, true, false, Optional.empty());
    HookCleanup cleanup =
        new HookCleanup(
            ports.ids().newId("cln"),
            repo.provider(),
            leaving,
            repo.providerRepoId(),
            repo.fullName(),
            hook.get().providerHookId(),
            0,
            now,
            null,
            now);
    ports.cleanups().enqueue(cleanup);
    return new ConnectionRemoval(repo, true, false, Optional.of(cleanup));
  }

  private void record(RepositoryHook hook, HookEventKind kind, String detail, Instant at) {
    ports
        .hookEvents()
        .append(
            new HookEvent(
                ports.ids().newId("hev"), hook.repositoryId(), hook.id(), kind, detail, at));
  }

  /** The next manager: the longest-connected user who has a token for the provider. */
  private UserId successor(List<Connection> remaining, Repository repo) {
    return remaining.stream()
        .map(Connection::userId)
        .filter(u -> ports.tokens().find(u, repo.provider()).isPresent())
        .findFirst()
        .orElse(remaining.get(0).userId());
  }
}
