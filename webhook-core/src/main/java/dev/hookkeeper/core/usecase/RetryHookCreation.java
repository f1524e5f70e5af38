package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * Tries again to create a connection's hook at the provider, with the caller's token: after a
 * refusal (FAILED), or after the provider deleted it (INACTIVE).
 */
public final class RetryHookCreation {
  private final Ports ports;
  private final HookProvisioner provisioner;

  public RetryHookCreation(Ports ports, Providers providers, HookSettings settings) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.provisioner = new HookProvisioner(ports, Objects.requireNonNull(providers, "providers == null"),
        Objects.requireNonNull(settings, "settings == null"));
  }

  public Result retry(UserId userId, ConnectionId connectionId) {
    Optional<Connection> connection =
        ports.connections().find(connectionId).filter(c -> c.userId().equals(userId));
    if (connection.isEmpty()) return new Result.NotFound();
    Repository repo = ports.repositories().find(connection.get().repositoryId()).orElseThrow();
    Optional<RepositoryHook> hook = ports.hooks().findByRepository(repo.id());
    if (hook.isPresent() && isWorking(hook.get())) return new Result.AlreadyActive();

    Optional<ProviderCredential> credential = ports.tokens().find(userId, repo.provider());
    if (credential.isEmpty()) return new Result.TokenMissing();

    RepositoryHook target = hook.orElseGet(() -> {
      RepositoryHook fresh = provisioner.newHook(repo, userId);
      return ports.hooks().insertIfAbsent(fresh) ? fresh : ports.hooks().findByRepository(repo.id()).orElseThrow();
    });
    Optional<RepositoryHook> provisioned = provisioner.provision(target, repo, userId, credential.get().accessToken());
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
