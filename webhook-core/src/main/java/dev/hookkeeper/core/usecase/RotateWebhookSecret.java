package dev.hookkeeper.core.usecase;

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
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.ReconcileSchedule;
import dev.hookkeeper.core.port.ReconcileSchedule.Claim;
import dev.hookkeeper.core.port.RepositoryStore;
import java.time.Instant;
import java.time.InstantSource;
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

  private final RepositoryStore repositories;
  private final HookStore hooks;
  private final ConnectionStore connections;
  private final ReconcileSchedule reconcileSchedule;
  private final InstantSource clock;
  private final Providers providers;
  private final ReconcileSettings settings;
  private final Credentials credentials;
  private final SecretRotator rotator;

  public RotateWebhookSecret(
      RepositoryStore repositories,
      HookStore hooks,
      ConnectionStore connections,
      ReconcileSchedule reconcileSchedule,
      InstantSource clock,
      Providers providers,
      ReconcileSettings settings,
      Credentials credentials,
      SecretRotator rotator) {
    this.repositories = Objects.requireNonNull(repositories, "repositories == null");
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.reconcileSchedule = Objects.requireNonNull(reconcileSchedule, "reconcileSchedule == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.credentials = Objects.requireNonNull(credentials, "credentials == null");
    this.rotator = Objects.requireNonNull(rotator, "rotator == null");
  }

  public Result rotate(UserId userId, ConnectionId connectionId) {
    Optional<Repository> repo =
        Ownership.repository(connections, repositories, userId, connectionId);
    if (repo.isEmpty()) return new Result.NotFound();
    Optional<RepositoryHook> hook = hooks.findByRepository(repo.get().id());
    if (hook.isEmpty()) return new Result.NotFound();
    if (!hook.get().isCreatedAtProvider()) return new Result.NotCreated();
    Optional<Secret> token = credentials.token(userId, repo.get().provider());
    if (token.isEmpty()) return new Result.TokenMissing();

    Instant now = clock.instant();
    Optional<Claim> claim = reconcileSchedule.claim(hook.get().id(), now, settings.lease());
    if (claim.isEmpty()) return new Result.InProgress();
    Instant nextAt = reconcileSchedule.find(hook.get().id()).map(s -> s.nextAt()).orElse(now);
    try {
      ReconcileRun run =
          new ReconcileRun(
              hooks.find(hook.get().id()).orElse(hook.get()),
              repo.get(),
              providers.requireApi(repo.get().provider()),
              settings,
              credentials,
              clock);
      run.use(userId, token.get());
      ProviderResult<HookEvent> rotated = rotator.rotate(run, "asked for by " + userId.value());
      if (rotated.isOk()) {
        return new Result.Rotated(run.hook, rotated.value().at().plus(settings.secretGrace()));
      }
      ProviderFailure failure = rotated.failure();
      if (failure.reason() == FailureReason.HOOK_NOT_FOUND) {
        // gone at the provider: the reconciler recreates it (with a new secret) at once
        reconcileSchedule.dueBy(java.util.List.of(hook.get().id()), now);
        nextAt = now;
      }
      return ACCESS.contains(failure.reason()) || failure.reason().isTokenProblem()
          ? new Result.AccessDenied(failure)
          : new Result.ProviderRefused(failure);
    } catch (BudgetLow low) {
      return new Result.ProviderRefused(
          new ProviderFailure(FailureReason.RATE_LIMITED, low.getMessage(), low.until()));
    } finally {
      reconcileSchedule.complete(claim.get(), clock.instant(), nextAt, null, null);
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
