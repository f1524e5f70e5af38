package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.notify.NotificationPayloads;
import dev.hookkeeper.core.notify.Outbox;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.port.ProviderHooksApi.PingOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Creates a repository's hook at the provider, shared by connect and retry. Adopts a hook that
 * already points at our URL rather than creating a duplicate, stores the provider's hook id
 * before asking for a ping (the ping must find the hook), and turns a refusal into a FAILED hook
 * with the provider's reason instead of failing the connection.
 */
final class HookProvisioner {
  private final Ports ports;
  private final Providers providers;
  private final HookSettings settings;

  HookProvisioner(Ports ports, Providers providers, HookSettings settings) {
    this.ports = ports;
    this.providers = providers;
    this.settings = settings;
  }

  /** A fresh PENDING hook row for the repository with a new random secret, managed by {@code manager}. */
  RepositoryHook newHook(Repository repo, UserId manager) {
    Instant now = ports.clock().instant();
    HookId id = new HookId(ports.ids().newId("hook"));
    Secret secret = ports.secrets().newSecret();
    EncryptedSecret encrypted = ports.cipher().encrypt(secret, RepositoryHook.secretContext(id));
    return new RepositoryHook(id, repo.id(), repo.provider(), null, encrypted, null,
        Sha256.hex(secret.reveal()), settings.url(repo.provider()), settings.events(repo.provider()),
        HookStatus.PENDING, null, null, manager, 1, now, now, null);
  }

  /** Creates or adopts the provider hook for a stored hook row, with {@code actor}'s token. */
  RepositoryHook provision(RepositoryHook hook, Repository repo, UserId actor, Secret token) {
    ProviderHooksApi api = providers.requireApi(repo.provider());
    ProviderRepoRef ref = new ProviderRepoRef(repo.providerRepoId(), repo.fullName());
    Secret secret = ports.cipher().decrypt(hook.secret(), RepositoryHook.secretContext(hook.id()));
    HookSpec spec = new HookSpec(hook.url(), secret, hook.events());

    ProviderResult<ProviderHook> created = adoptOrCreate(api, token, ref, spec);
    Instant now = ports.clock().instant();
    if (!created.isOk()) {
      RepositoryHook failed = hook.withManager(actor, now)
          .withStatus(HookStatus.FAILED, created.failure().reason(), created.failure().message(), now);
      ports.hooks().update(failed);
      announce(failed, repo);
      return failed;
    }
    RepositoryHook stored = hook.withManager(actor, now)
        .withProviderHook(created.value().providerHookId(), now)
        .withStatus(HookStatus.PENDING, null, null, now);
    ports.hooks().update(stored);

    ProviderResult<PingOutcome> ping = api.ping(token, ref, stored.providerHookId());
    if (ping.isOk() && ping.value() == PingOutcome.NOT_SUPPORTED) {
      // Nothing will prove the hook works until a real event arrives; it exists, so call it active.
      ports.hooks().updateStatus(stored.id(), HookStatus.ACTIVE, null, null, ports.clock().instant());
    }
    // The ping delivery may already have marked it active: read back what is stored.
    RepositoryHook current = ports.hooks().find(stored.id()).orElse(stored);
    announce(current, repo);
    return current;
  }

  private ProviderResult<ProviderHook> adoptOrCreate(
      ProviderHooksApi api, Secret token, ProviderRepoRef ref, HookSpec spec) {
    ProviderResult<List<ProviderHook>> listed = api.listHooks(token, ref);
    if (!listed.isOk()) return ProviderResult.failed(listed.failure());
    Optional<ProviderHook> ours = pointingAtUs(listed.value(), spec.url());
    if (ours.isPresent()) return api.updateHook(token, ref, ours.get().providerHookId(), spec);

    ProviderResult<ProviderHook> created = api.createHook(token, ref, spec);
    if (created.isOk() || created.failure().reason() != FailureReason.HOOK_ALREADY_EXISTS) return created;
    // Someone created one between our list and our create: adopt it.
    ProviderResult<List<ProviderHook>> relisted = api.listHooks(token, ref);
    if (!relisted.isOk()) return ProviderResult.failed(relisted.failure());
    return pointingAtUs(relisted.value(), spec.url())
        .map(h -> api.updateHook(token, ref, h.providerHookId(), spec))
        .orElse(created);
  }

  private static Optional<ProviderHook> pointingAtUs(List<ProviderHook> hooks, String url) {
    return hooks.stream().filter(h -> h.url().equals(url)).findFirst();
  }

  /** Tells every user connected to the repository what state its hook is in now. */
  private void announce(RepositoryHook hook, Repository repo) {
    Outbox outbox = new Outbox();
    Instant now = ports.clock().instant();
    ports.tx().inTransaction(() -> {
      for (Connection c : Outbox.inLockOrder(ports.connections().listByRepository(repo.id()))) {
        outbox.add(ports.notifications(), c.userId(),
            NotificationType.WEBHOOK_STATUS_CHANGED, NotificationPayloads.hookStatus(c, repo, hook), now);
      }
      return null;
    });
    outbox.publishAfterCommit(ports.notifier());
  }
}
