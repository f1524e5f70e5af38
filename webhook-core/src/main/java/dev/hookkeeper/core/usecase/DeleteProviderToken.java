package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Deletes a user's stored provider token without leaving a hook nobody can manage. Every hook the
 * user manages for that provider is handed to another connected user who has a token for it. A hook
 * that exists at the provider with nobody to hand it to, or a queued hook deletion that needs this
 * token, keeps the token in use: refused, unless forced. Forced, the user is disconnected from
 * those repositories first, so their hooks are deleted with the token while it still exists, the
 * queued deletions are tried once more, and then the token goes; a deletion the provider still
 * refuses stays queued (it completes if the user stores a token again).
 */
public final class DeleteProviderToken {
  private final Ports ports;
  private final Providers providers;
  private final Disconnector disconnector;
  private final HookCleaner cleaner;

  public DeleteProviderToken(Ports ports, Providers providers) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
    this.disconnector = new Disconnector(ports);
    this.cleaner = new HookCleaner(ports, providers);
  }

  /**
   * @throws IllegalArgumentException for an unconfigured provider
   */
  public Result delete(UserId userId, Provider provider, boolean force) {
    providers.requireApi(provider);
    if (ports.tokens().find(userId, provider).isEmpty()) return new Result.NotFound();

    List<Handover> handovers = new ArrayList<>();
    List<Managed> stuck = new ArrayList<>();
    for (RepositoryHook hook : ports.hooks().listManagedBy(userId)) {
      if (hook.provider() != provider) continue;
      Repository repo = ports.repositories().find(hook.repositoryId()).orElseThrow();
      Optional<UserId> successor = successor(repo, userId);
      if (successor.isPresent()) {
        handovers.add(new Handover(new Managed(hook, repo), successor.get()));
      } else if (hook.isCreatedAtProvider()) {
        stuck.add(new Managed(hook, repo));
      }
    }
    List<HookCleanup> owed = owed(userId, provider);
    if (!force && (!stuck.isEmpty() || !owed.isEmpty())) {
      TreeSet<String> repositories = new TreeSet<>();
      stuck.forEach(m -> repositories.add(m.repo().fullName()));
      owed.forEach(c -> repositories.add(c.repositoryFullName()));
      return new Result.TokenInUse(List.copyOf(repositories));
    }

    Instant now = ports.clock().instant();
    List<String> handedOver = new ArrayList<>();
    for (Handover h : handovers) {
      if (ports.hooks().handOver(h.managed().hook().id(), userId, h.successor(), now)) {
        handedOver.add(h.managed().repo().fullName());
        RepositoryHook hook = h.managed().hook();
        ports
            .hookEvents()
            .append(
                new HookEvent(
                    ports.ids().newId("hev"),
                    hook.repositoryId(),
                    hook.id(),
                    HookEventKind.HANDED_OVER,
                    "managed with "
                        + h.successor().value()
                        + "'s token now; "
                        + userId.value()
                        + " deleted their "
                        + provider.id()
                        + " token",
                    now));
      }
    }
    List<String> disconnected = new ArrayList<>();
    for (Managed m : stuck) {
      Optional<Connection> connection =
          ports.connections().findByUserAndRepository(userId, m.repo().id());
      ConnectionRemoval removal =
          connection.isPresent()
              ? disconnector.disconnect(connection.get())
              : disconnector.relinquish(m.hook(), userId);
      if (removal.removed()) disconnected.add(m.repo().fullName());
    }
    // the deletions just queued and the older ones, with the token while it still exists
    for (HookCleanup cleanup : owed(userId, provider)) cleaner.attempt(cleanup);
    List<String> pending =
        owed(userId, provider).stream().map(HookCleanup::repositoryFullName).sorted().toList();
    ports.tokens().delete(userId, provider);
    return new Result.Deleted(handedOver, disconnected, pending);
  }

  private List<HookCleanup> owed(UserId userId, Provider provider) {
    return ports.cleanups().listByTokenOwner(userId).stream()
        .filter(c -> c.provider() == provider)
        .toList();
  }

  /** The longest-connected other user with a token for the repository's provider. */
  private Optional<UserId> successor(Repository repo, UserId leaving) {
    return ports.connections().listByRepository(repo.id()).stream()
        .map(Connection::userId)
        .filter(u -> !u.equals(leaving))
        .filter(u -> ports.tokens().find(u, repo.provider()).isPresent())
        .findFirst();
  }

  private record Managed(RepositoryHook hook, Repository repo) {}

  private record Handover(Managed managed, UserId successor) {}

  public sealed interface Result {
    /**
     * The token is deleted.
     *
     * @param handedOver repositories whose hook another connected user manages now
     * @param disconnected repositories the user was disconnected from (forced)
     * @param pendingDeletions repositories whose hook deletion the provider still refused: it stays
     *     queued and completes once the user stores a token again
     */
    record Deleted(
        List<String> handedOver, List<String> disconnected, List<String> pendingDeletions)
        implements Result {
      public Deleted {
        handedOver = List.copyOf(handedOver);
        disconnected = List.copyOf(disconnected);
        pendingDeletions = List.copyOf(pendingDeletions);
      }
    }

    /** Only this token can manage the hooks of these repositories (or delete them); kept. */
    record TokenInUse(List<String> repositories) implements Result {
      public TokenInUse {
        repositories = List.copyOf(repositories);
      }
    }

    /** The user has no token stored for the provider. */
    record NotFound() implements Result {}
  }
}
