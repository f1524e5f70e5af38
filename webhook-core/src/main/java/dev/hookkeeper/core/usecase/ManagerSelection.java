package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ProviderRepositoriesApi;
import dev.hookkeeper.core.usecase.ReconcileReport.FindingKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a token that can manage a hook: the manager's first, then every other connected user's
 * (longest connected first). A token counts when the provider shows it the repository (by its
 * stable id) and the hook (or, for a hook never created, the repository's hooks). A token the
 * provider refuses (revoked, expired past refreshing, a scope or the admin role lost) is passed
 * over; the first that works takes over management, recorded. Nobody's working makes the hook
 * DEGRADED; every accepted token answering "no such repository" means it was deleted.
 */
final class ManagerSelection {
  /** Failures that say this token (or its user) cannot manage the hook; another's may. */
  private static final Set<FailureReason> CREDENTIAL =
      Set.of(
          FailureReason.TOKEN_INVALID,
          FailureReason.TOKEN_EXPIRED,
          FailureReason.TOKEN_SCOPE_MISSING,
          FailureReason.INSUFFICIENT_PERMISSIONS);

  /** The hook reasons that say nobody's token can manage it. */
  static final Set<FailureReason> TOKEN_REASONS =
      Set.of(
          FailureReason.TOKEN_REVOKED,
          FailureReason.TOKEN_SCOPE_LOST,
          FailureReason.INSUFFICIENT_PERMISSIONS);

  private final Ports ports;
  private final Providers providers;
  private final Credentials credentials;
  private final HookJournal journal;

  ManagerSelection(Ports ports, Providers providers, Credentials credentials, HookJournal journal) {
    this.ports = ports;
    this.providers = providers;
    this.credentials = credentials;
    this.journal = journal;
  }

  Selection select(ReconcileRun run) {
    UserId manager = run.hook.managedBy();
    ProviderFailure managerLost = null;
    int notFound = 0;
    for (UserId user : candidates(run)) {
      Optional<Secret> token = credentials.token(user, run.hook.provider());
      if (token.isEmpty()) {
        if (user.equals(manager))
          managerLost = ProviderFailure.of(FailureReason.TOKEN_INVALID, "no token stored");
        continue;
      }
      run.use(user, token.get());
      Probe probe = probe(run);
      if (probe.failure() == null) {
        if (!user.equals(manager)) takeOver(run, manager, user, managerLost);
        return new Selection.Chosen(probe.repository(), probe.hook());
      }
      FailureReason reason = probe.failure().reason();
      if (CREDENTIAL.contains(reason)) {
        run.found(
            FindingKind.TOKEN_REFUSED,
            user.value() + "'s token: " + reason.code() + " (" + probe.failure().message() + ")");
        if (user.equals(manager)) managerLost = probe.failure();
      } else if (reason == FailureReason.REPOSITORY_NOT_FOUND) {
        notFound++;
      } else {
        return new Selection.Postponed(probe.failure());
      }
    }
    if (notFound > 0) {
      return new Selection.Deleted(
          notFound
              + " accepted token(s) and none other see repository "
              + run.repo.providerRepoId()
              + " any more");
    }
    if (managerLost != null && !alreadyLost(run)) {
      run.did(
          journal.record(
              run.hook,
              run.repo,
              HookEventKind.TOKEN_LOST,
              manager.value()
                  + "'s token: "
                  + managerLost.reason().code()
                  + " ("
                  + managerLost.message()
                  + ")"));
    }
    FailureReason hookReason =
        managerLost == null
            ? FailureReason.TOKEN_REVOKED
            : switch (managerLost.reason()) {
              case TOKEN_SCOPE_MISSING -> FailureReason.TOKEN_SCOPE_LOST;
              case INSUFFICIENT_PERMISSIONS -> FailureReason.INSUFFICIENT_PERMISSIONS;
              default -> FailureReason.TOKEN_REVOKED;
            };
    return new Selection.Degraded(
        hookReason,
        "no connected user's token can manage the webhook"
            + (managerLost == null ? "" : "; the manager's: " + managerLost.reason().code()));
  }

  private boolean alreadyLost(ReconcileRun run) {
    return run.hook.status() == HookStatus.DEGRADED
        && TOKEN_REASONS.contains(run.hook.failureReason());
  }

  /** The manager first, then every other connected user, longest connected first. */
  private List<UserId> candidates(ReconcileRun run) {
    List<UserId> users = new ArrayList<>();
    users.add(run.hook.managedBy());
    for (Connection c : ports.connections().listByRepository(run.repo.id())) {
      if (!users.contains(c.userId())) users.add(c.userId());
    }
    return users;
  }

  private void takeOver(ReconcileRun run, UserId from, UserId to, ProviderFailure managerLost) {
    String why =
        managerLost == null
            ? "the manager has no working token"
            : from.value() + "'s token: " + managerLost.reason().code();
    if (managerLost != null) {
      run.did(
          journal.record(
              run.hook,
              run.repo,
              HookEventKind.TOKEN_LOST,
              why + " (" + managerLost.message() + ")"));
    }
    if (ports.hooks().handOver(run.hook.id(), from, to, ports.clock().instant())) {
      run.hook = run.hook.withManager(to, ports.clock().instant());
      run.did(
          journal.record(
              run.hook,
              run.repo,
              HookEventKind.HANDED_OVER,
              "managed with " + to.value() + "'s token now; " + why));
    }
  }

  /**
   * Whether this token can manage the hook: the repository by id, then the hook (or the hook list).
   */
  private Probe probe(ReconcileRun run) {
    ProviderRepository seen = null;
    Optional<ProviderRepositoriesApi> repositories = providers.repositories(run.hook.provider());
    if (repositories.isPresent()) {
      ProviderResult<ProviderRepository> r =
          run.call(
              () -> repositories.get().getRepositoryById(run.token, run.repo.providerRepoId()));
      if (!r.isOk()) return new Probe(r.failure(), null, null);
      seen = r.value();
      if (seen.callerAccess() != AccessLevel.UNKNOWN && !seen.callerAccess().canManageHooks()) {
        return new Probe(
            ProviderFailure.of(
                FailureReason.INSUFFICIENT_PERMISSIONS,
                "the token's user has "
                    + seen.callerAccess().name().toLowerCase(java.util.Locale.ROOT)
                    + " access; managing webhooks needs admin"
                    + " (GitHub) or maintainer (GitLab)"),
            null,
            null);
      }
    }
    ProviderRepoRef ref = seen != null ? seen.ref() : run.ref();
    if (run.hook.isCreatedAtProvider()) {
      ProviderResult<ProviderHook> h =
          run.call(() -> run.api.getHook(run.token, ref, run.hook.providerHookId()));
      if (!h.isOk() && h.failure().reason() != FailureReason.HOOK_NOT_FOUND)
        return new Probe(h.failure(), null, null);
      return new Probe(null, seen, h);
    }
    ProviderResult<List<ProviderHook>> listed = run.call(() -> run.api.listHooks(run.token, ref));
    if (!listed.isOk()) return new Probe(listed.failure(), null, null);
    return new Probe(null, seen, null);
  }

  private record Probe(
      ProviderFailure failure, ProviderRepository repository, ProviderResult<ProviderHook> hook) {}
}
