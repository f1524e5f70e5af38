package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Deletes a user (the operator's call) and everything that is only theirs, without leaving a
 * hook at a provider that nothing tracks:
 *
 * <ol>
 *   <li>their API token stops working, so they cannot connect anything meanwhile;
 *   <li>every connection is disconnected as the user would (with its incidents): a hook others
 *       still use is handed over, the last user's hook is deleted at the provider with their
 *       token; a hook they manage without a connection is handed over or deleted likewise;
 *   <li>every hook deletion that needs their tokens is tried now, while the tokens exist;
 *   <li>their provider tokens, notifications and the user go, in one transaction.
 * </ol>
 *
 * A hook deletion the provider refuses keeps the user (disconnected, token revoked; the deletion
 * stays queued and retried): deleting the user would lose the only token that can delete that
 * hook. Forced, the user is deleted anyway and the hooks still at the provider are reported, to
 * be removed by hand. Repositories, workflow runs and the delivery log are per repository, not
 * per user, and stay.
 */
public final class DeleteUser {
  private final Ports ports;
  private final Disconnector disconnector;
  private final HookCleaner cleaner;

  public DeleteUser(Ports ports, Providers providers) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.disconnector = new Disconnector(ports);
    this.cleaner = new HookCleaner(ports, Objects.requireNonNull(providers, "providers == null"));
  }

  public Result delete(UserId userId, boolean force) {
    if (ports.users().find(userId).isEmpty()) return new Result.NotFound();
    // nobody holds the new token: the user's requests fail from here on
    ports.users().replaceApiToken(userId, Sha256.hex(ports.secrets().newSecret().reveal()));

    List<String> disconnected = disconnectEverything(userId);
    for (RepositoryHook hook : ports.hooks().listManagedBy(userId)) disconnector.relinquish(hook, userId);
    List<String> webhooksDeleted = new ArrayList<>();
    for (HookCleanup cleanup : ports.cleanups().listByTokenOwner(userId)) {
      if (cleaner.attempt(cleanup) == CleanupOutcome.DELETED) webhooksDeleted.add(cleanup.repositoryFullName());
    }
    List<HookCleanup> stillOwed = ports.cleanups().listByTokenOwner(userId);
    if (!stillOwed.isEmpty() && !force) {
      return new Result.DeletionsPending(stillOwed.stream().map(HookCleanup::repositoryFullName).distinct().sorted()
          .toList());
    }
    List<Result.AbandonedHook> abandoned = stillOwed.stream()
        .map(c -> new Result.AbandonedHook(c.provider(), c.repositoryFullName(), c.providerHookId(), c.lastError()))
        .toList();
    ports.tx().inTransaction(() -> {
      stillOwed.forEach(c -> ports.cleanups().complete(c.id()));
      for (Provider provider : Provider.values()) ports.tokens().delete(userId, provider);
      ports.notifications().deleteByUser(userId);
      return ports.users().delete(userId);
    });
    return new Result.Deleted(disconnected, webhooksDeleted, abandoned);
  }

  /** Disconnects page by page until a pass finds nothing left to remove. */
  private List<String> disconnectEverything(UserId userId) {
    List<String> disconnected = new ArrayList<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Connection c : ports.connections().listByUser(userId, PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
        ConnectionRemoval removal = disconnector.disconnect(c);
        if (removal.removed()) {
          disconnected.add(removal.repository().fullName());
          progress = true;
        }
      }
    }
    return disconnected;
  }

  public sealed interface Result {
    /**
     * The user is gone.
     *
     * @param disconnected repositories the user was disconnected from
     * @param webhooksDeleted repositories whose hook was deleted at the provider
     * @param abandoned hooks still at the provider that nothing can delete any more (forced only)
     */
    record Deleted(List<String> disconnected, List<String> webhooksDeleted, List<AbandonedHook> abandoned)
        implements Result {
      public Deleted {
        disconnected = List.copyOf(disconnected);
        webhooksDeleted = List.copyOf(webhooksDeleted);
        abandoned = List.copyOf(abandoned);
      }
    }

    /** Deleting the hooks of these repositories failed; the user is kept (disconnected, token revoked). */
    record DeletionsPending(List<String> repositories) implements Result {
      public DeletionsPending {
        repositories = List.copyOf(repositories);
      }
    }

    record NotFound() implements Result {}

    /** A provider hook left behind by a forced deletion; {@code lastError} says why it could not go. */
    record AbandonedHook(Provider provider, String repositoryFullName, String providerHookId, String lastError) {}
  }
}
