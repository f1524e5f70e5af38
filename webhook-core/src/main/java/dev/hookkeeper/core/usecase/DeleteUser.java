package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.HookCleanupQueue;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.NotificationStore;
import dev.hookkeeper.core.port.SecretGenerator;
import dev.hookkeeper.core.port.TokenVault;
import dev.hookkeeper.core.port.TransactionRunner;
import dev.hookkeeper.core.port.UserStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Deletes a user (the operator's call) and everything that is only theirs, without leaving a hook
 * at a provider that nothing tracks:
 *
 * <ol>
 *   <li>their API token stops working, so they cannot connect anything meanwhile;
 *   <li>every connection is disconnected as the user would (with its incidents): a hook others
 *       still use is handed over, the last user's hook is deleted at the provider with their token;
 *       a hook they manage without a connection is handed over or deleted likewise;
 *   <li>every hook deletion that needs their tokens is tried now, while the tokens exist;
 *   <li>their provider tokens, notifications and the user go, in one transaction.
 * </ol>
 *
 * A hook deletion the provider refuses keeps the user (disconnected, token revoked; the deletion
 * stays queued and retried): deleting the user would lose the only token that can delete that hook.
 * Forced, the user is deleted anyway and the hooks still at the provider are reported, to be
 * removed by hand. Repositories, workflow runs and the delivery log are per repository, not per
 * user, and stay.
 */
public final class DeleteUser {
  private final UserStore users;
  private final TokenVault tokens;
  private final HookStore hooks;
  private final ConnectionStore connections;
  private final NotificationStore notifications;
  private final HookCleanupQueue cleanups;
  private final TransactionRunner tx;
  private final SecretGenerator secrets;
  private final Disconnector disconnector;
  private final HookCleaner cleaner;

  public DeleteUser(
      UserStore users,
      TokenVault tokens,
      HookStore hooks,
      ConnectionStore connections,
      NotificationStore notifications,
      HookCleanupQueue cleanups,
      TransactionRunner tx,
      SecretGenerator secrets,
      Disconnector disconnector,
      HookCleaner cleaner) {
    this.users = Objects.requireNonNull(users, "users == null");
    this.tokens = Objects.requireNonNull(tokens, "tokens == null");
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.notifications = Objects.requireNonNull(notifications, "notifications == null");
    this.cleanups = Objects.requireNonNull(cleanups, "cleanups == null");
    this.tx = Objects.requireNonNull(tx, "tx == null");
    this.secrets = Objects.requireNonNull(secrets, "secrets == null");
    this.disconnector = Objects.requireNonNull(disconnector, "disconnector == null");
    this.cleaner = Objects.requireNonNull(cleaner, "cleaner == null");
  }

  public Result delete(UserId userId, boolean force) {
    if (users.find(userId).isEmpty()) return new Result.NotFound();
    // nobody holds the new token: the user's requests fail from here on
    users.replaceApiToken(userId, Sha256.hex(secrets.newSecret().reveal()));

    List<String> disconnected = disconnectEverything(userId);
    for (RepositoryHook hook : hooks.listManagedBy(userId)) disconnector.relinquish(hook, userId);
    List<String> webhooksDeleted = new ArrayList<>();
    for (HookCleanup cleanup : cleanups.listByTokenOwner(userId)) {
      if (cleaner.attempt(cleanup) == CleanupOutcome.DELETED)
        webhooksDeleted.add(cleanup.repositoryFullName());
    }
    List<HookCleanup> stillOwed = cleanups.listByTokenOwner(userId);
    if (!stillOwed.isEmpty() && !force) {
      return new Result.DeletionsPending(
          stillOwed.stream().map(HookCleanup::repositoryFullName).distinct().sorted().toList());
    }
    List<Result.AbandonedHook> abandoned =
        stillOwed.stream()
            .map(
                c ->
                    new Result.AbandonedHook(
                        c.provider(), c.repositoryFullName(), c.providerHookId(), c.lastError()))
            .toList();
    tx.inTransaction(
        () -> {
          stillOwed.forEach(c -> cleanups.complete(c.id()));
          for (Provider provider : Provider.values()) tokens.delete(userId, provider);
          notifications.deleteByUser(userId);
          return users.delete(userId);
        });
    return new Result.Deleted(disconnected, webhooksDeleted, abandoned);
  }

  /** Disconnects page by page until a pass finds nothing left to remove. */
  private List<String> disconnectEverything(UserId userId) {
    List<String> disconnected = new ArrayList<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Connection c :
          connections.listByUser(userId, PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
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
    record Deleted(
        List<String> disconnected, List<String> webhooksDeleted, List<AbandonedHook> abandoned)
        implements Result {
      public Deleted {
        disconnected = List.copyOf(disconnected);
        webhooksDeleted = List.copyOf(webhooksDeleted);
        abandoned = List.copyOf(abandoned);
      }
    }

    /**
     * Deleting the hooks of these repositories failed; the user is kept (disconnected, token
     * revoked).
     */
    record DeletionsPending(List<String> repositories) implements Result {
      public DeletionsPending {
        repositories = List.copyOf(repositories);
      }
    }

    record NotFound() implements Result {}

    /**
     * A provider hook left behind by a forced deletion; {@code lastError} says why it could not go.
     */
    record AbandonedHook(
        Provider provider, String repositoryFullName, String providerHookId, String lastError) {}
  }
}
