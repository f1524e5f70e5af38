package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.config.ReconcileSettings;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ReconcileSchedule.Claim;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Gives a connection's hook a new secret, asked for by any connected user whose token can manage
 * the hook (their token makes the provider update): stored first with the old one still accepted,
 * then sent to the provider; the old one is retired when the grace period ends. Holds the hook's
 * reconcile claim meanwhile, so it never interleaves with a reconcile or another rotation.
 */
public final class RotateWebhookSecret {
  private static final Set<FailureReason> ACCESS =
      Set.of(
          FailureReason.INSUFFICIENT_PERMISSIONS,
          FailureReason.TOKEN_SCOPE_MISSING,
          FailureReason.REPOSITORY_NOT_FOUND);

  private final Ports ports;
  private final Providers providers;
  private final ReconcileSettings settings;
  private final Credentials credentials;
  private final SecretRotator rotator;

  public RotateWebhookSecret(
      Ports ports, Providers providers, HookSettings hookSettings, SelfHealing healing) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
    this.settings = healing.settings();
    this.credentials = new Credentials(ports, healing.refresher());
    this.rotator =
        new SecretRotator(
            ports,
            Objects.requireNonNull(hookSettings, "hookSettings == null"),
            new HookJournal(ports, healing.listener()),
            settings.secretGrace());
  }

  public Result rotate(UserId userId, ConnectionId connectionId) {
    Optional<Repository> repo =
        Ownership.repository(ports.connections(), ports.repositories(), userId, connectionId);
    if (repo.isEmpty()) return new Result.NotFound();
    Optional<RepositoryHook> hook = ports.hooks().findByRepository(repo.get().id());
    if (hook.isEmpty()) return new Result.NotFound();
    if (!hook.get().isCreatedAtProvider()) return new Result.NotCreated();
    Optional<Secret> token = credentials.token(userId, repo.get().provider());
    if (token.isEmpty()) return new Result.TokenMissing();

    Instant now = ports.clock().instant();
    Optional<Claim> claim = ports.reconcileSchedule().claim(hook.get().id(), now, settings.lease());
    if (claim.isEmpty()) return new Result.InProgress();
    Instant nextAt =
        ports.reconcileSchedule().find(hook.get().id()).map(s -> s.nextAt()).orElse(now);
    try {
      ReconcileRun run =
          new ReconcileRun(
              ports.hooks().find(hook.get().id()).orElse(hook.get()),
              repo.get(),
              providers.requireApi(repo.get().provider()),
              settings,
              credentials,
              ports.clock());
      run.use(userId, token.get());
      ProviderResult<HookEvent> rotated = rotator.rotate(run, "asked for by " + userId.value());
      if (rotated.isOk()) {
        return new Result.Rotated(run.hook, rotated.value().at().plus(settings.secretGrace()));
      }
      ProviderFailure failure = rotated.failure();
      if (failure.reason() == FailureReason.HOOK_NOT_FOUND) {
        // gone at the provider: the reconciler recreates it (with a new secret) at once
        ports.reconcileSchedule().dueBy(java.util.List.of(hook.get().id()), now);
        nextAt = now;
      }
      return ACCESS.contains(failure.reason()) || failure.reason().isTokenProblem()
          ? new Result.AccessDenied(failure)
          : new Result.ProviderRefused(failure);
    } catch (BudgetLow low) {
      return new Result.ProviderRefused(
          new ProviderFailure(FailureReason.RATE_LIMITED, low.getMessage(), low.until()));
    } finally {
      ports.reconcileSchedule().complete(claim.get(), ports.clock().instant(), nextAt, null, null);
    }
  }

  public sealed interface Result {
    /**
     * The provider signs with the new secret; the old one is accepted until {@code
     * previousAcceptedUntil}.
     */
    record Rotated(RepositoryHook hook, Instant previousAcceptedUntil) implements Result {}

    /** The caller's token may not manage the hook (the provider's answer says why). */
    record AccessDenied(ProviderFailure failure) implements Result {}

    /** The provider could not update the hook; the old secret stays. */
    record ProviderRefused(ProviderFailure failure) implements Result {}

    /** The hook was never created at the provider: nothing to rotate (retry its creation). */
    record NotCreated() implements Result {}

    record TokenMissing() implements Result {}

    /** A reconcile or another rotation of this hook runs now. */
    record InProgress() implements Result {}

    record NotFound() implements Result {}
  }
}
