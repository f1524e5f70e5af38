package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import java.time.Duration;
import java.time.Instant;

/**
 * Gives a hook a new secret without losing a delivery. The new secret is stored first, with the old
 * one still accepted (and, for GitLab, still finding the hook by its token hash); only then is the
 * provider told, so a delivery signed with either secret verifies whichever arrives first. A
 * provider that refuses the update leaves the old secret current again. The old secret is retired
 * when the grace period ends ({@link RetirePreviousSecrets}). Callers hold the hook's reconcile
 * claim: two rotations of one hook never interleave.
 */
final class SecretRotator {
  private final Ports ports;
  private final HookSettings settings;
  private final HookJournal journal;
  private final Duration grace;

  SecretRotator(Ports ports, HookSettings settings, HookJournal journal, Duration grace) {
    this.ports = ports;
    this.settings = settings;
    this.journal = journal;
    this.grace = grace;
  }

  /**
   * Stores a new current secret for the hook (the current one stays accepted); returns it.
   * Empty-handed ({@code null}) when the hook row is gone.
   */
  Secret storeNew(RepositoryHook hook) {
    Secret fresh = ports.secrets().newSecret();
    EncryptedSecret encrypted =
        ports.cipher().encrypt(fresh, RepositoryHook.secretContext(hook.id()));
    return ports
            .hooks()
            .rotateSecret(hook.id(), encrypted, Sha256.hex(fresh.reveal()), ports.clock().instant())
        ? fresh
        : null;
  }

  /**
   * Rotates the secret of a hook that exists at the provider, with {@code run}'s token; the
   * provider's hook is put back to exactly what Hookkeeper wants at the same time. On success the
   * rotation is recorded ({@code secret_rotated}) and returned; on refusal the old secret is
   * current again and the provider's failure is returned.
   */
  ProviderResult<HookEvent> rotate(ReconcileRun run, String why) {
    RepositoryHook hook = run.hook;
    Secret fresh = storeNew(hook);
    if (fresh == null)
      return ProviderResult.failed(
          FailureReason.HOOK_NOT_FOUND, "the webhook was removed meanwhile");
    HookSpec spec =
        new HookSpec(settings.url(hook.provider()), fresh, settings.events(hook.provider()));
    ProviderResult<ProviderHook> updated;
    try {
      updated =
          run.call(() -> run.api.updateHook(run.token, run.ref(), hook.providerHookId(), spec));
    } catch (BudgetLow e) {
      abandon(hook, fresh);
      throw e;
    }
    if (!updated.isOk()) {
      abandon(hook, fresh);
      return ProviderResult.failed(updated.failure());
    }
    Instant now = ports.clock().instant();
    ports.hooks().recordSpec(hook.id(), spec.url(), spec.events(), now);
    run.hook = ports.hooks().find(hook.id()).orElse(run.hook);
    return ProviderResult.ok(
        journal.record(
            run.hook,
            run.repo,
            HookEventKind.SECRET_ROTATED,
            why
                + "; the previous"
                + " secret is accepted until "
                + now.plus(grace)
                + " (secret version "
                + run.hook.secretVersion()
                + ")"));
  }

  private void abandon(RepositoryHook hook, Secret fresh) {
    ports.hooks().abandonRotation(hook.id(), Sha256.hex(fresh.reveal()), ports.clock().instant());
  }
}
