package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.RepositoryStore;
import dev.hookkeeper.core.port.TokenVault;
import java.util.Objects;
import java.util.Optional;

/**
 * Tries again to create a connection's hook at the provider, with the caller's token: after a
 * refusal (FAILED), or after the provider deleted it (INACTIVE).
 */
public final class RetryHookCreation {
  private final TokenVault tokens;
  private final RepositoryStore repositories;
  private final HookStore hooks;
  private final ConnectionStore connections;
  private final HookProvisioner provisioner;

  public RetryHookCreation(
      TokenVault tokens,
      RepositoryStore repositories,
      HookStore hooks,
      ConnectionStore connections,
      HookProvisioner provisioner) {
    this.tokens = Objects.requireNonNull(tokens, "tokens == null");
    this.repositories = Objects.requireNonNull(repositories, "repositories == null");
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.provisioner = Objects.requireNonNull(provisioner, "provisioner == null");
  }

  public Result retry(UserId userId, ConnectionId connectionId) {
    Optional<Connection> connection =
        connections.find(connectionId).filter(c -> c.userId().equals(userId));
    if (connection.isEmpty()) return new Result.NotFound();
    Repository repo = repositories.find(connection.get().repositoryId()).orElseThrow();
    Optional<RepositoryHook> hook = hooks.findByRepository(repo.id());
    if (hook.isPresent() && isWorking(hook.get())) return new Result.AlreadyActive();

    Optional<ProviderCredential> credential = tokens.find(userId, repo.provider());
    if (credential.isEmpty()) return new Result.TokenMissing();

    RepositoryHook target =
        hook.orElseGet(
            () -> {
              RepositoryHook fresh = provisioner.newHook(repo, userId);
              return hooks.insertIfAbsent(fresh)
                  ? fresh
                  : hooks.findByRepository(repo.id()).orElseThrow();
            });
    Optional<RepositoryHook> provisioned =
        provisioner.provision(target, repo, userId, credential.get().accessToken());
    // the hook row is gone only when the last connection, this one, was removed meanwhile
    if (provisioned.isEmpty()) return new Result.NotFound();
    return new Result.Retried(new ConnectionDetails(connection.get(), repo, provisioned.get()));
  }

  private static boolean isWorking(RepositoryHook hook) {
    return hook.status() == HookStatus.ACTIVE
        || (hook.status() == HookStatus.PENDING && hook.isCreatedAtProvider());
  }

  public sealed interface Result {
    record Retried(ConnectionDetails details) implements Result {}

    /** The hook exists at the provider and works (or awaits its ping): nothing to retry. */
    record AlreadyActive() implements Result {}

    record NotFound() implements Result {}

    record TokenMissing() implements Result {}
  }
}
