package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.config.ReconcileSettings;
import dev.hookkeeper.core.model.DeliverySource;
import dev.hookkeeper.core.model.DeliveryStats;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.ReconcileState;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.port.ReconcileSchedule.Claim;
import dev.hookkeeper.core.usecase.ReconcileReport.FindingKind;
import dev.hookkeeper.core.usecase.ReconcileReport.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Reconciles one claimed hook with its provider, in this order: find a token that can manage it
 * (handing management over, or degrading the hook); follow the repository's life (renamed,
 * archived, deleted); put the provider's hook back to what Hookkeeper wants (create, recreate,
 * re-enable, update in place); recover missed deliveries (redelivery from the provider's log since
 * the checkpoint, catch-up of runs beyond it or where nothing was attempted); notice a quiet hook;
 * rotate an aged secret. Then it schedules the hook's next turn and ends the claim.
 */
final class HookReconciler {
  /** A gap is caught up at most this far back: older runs no longer matter for incidents. */
  static final Duration MAX_CATCH_UP = Duration.ofDays(30);

  private final Ports ports;
  private final ReconcileSettings settings;
  private final Providers providers;
  private final Credentials credentials;
  private final ManagerSelection selection;
  private final HookRepair repair;
  private final DeliveryRecovery recovery;
  private final RunCatchUp catchUp;
  private final SecretRotator rotator;
  private final RepositoryDeletion deletion;
  private final HookJournal journal;
  private final HealingListener listener;
  private final DoubleSupplier random;

  HookReconciler(
      Ports ports,
      ReconcileSettings settings,
      Providers providers,
      Credentials credentials,
      ManagerSelection selection,
      HookRepair repair,
      DeliveryRecovery recovery,
      RunCatchUp catchUp,
      SecretRotator rotator,
      RepositoryDeletion deletion,
      HookJournal journal,
      HealingListener listener,
      DoubleSupplier random) {
    this.ports = ports;
    this.settings = settings;
    this.providers = providers;
    this.credentials = credentials;
    this.selection = selection;
    this.repair = repair;
    this.recovery = recovery;
    this.catchUp = catchUp;
    this.rotator = rotator;
    this.deletion = deletion;
    this.journal = journal;
    this.listener = listener;
    this.random = random;
  }

  ReconcileReport reconcile(Claim claim) {
    Optional<RepositoryHook> hook = ports.hooks().find(claim.hookId());
    if (hook.isEmpty())
      return new ReconcileReport(
          Outcome.GONE, null, java.util.List.of(), java.util.List.of(), 0, 0, null, null);
    Repository repo = ports.repositories().find(hook.get().repositoryId()).orElseThrow();
    ReconcileState state = ports.reconcileSchedule().find(claim.hookId()).orElse(null);
    ReconcileRun run =
        new ReconcileRun(
            hook.get(),
            repo,
            providers.requireApi(repo.provider()),
            settings,
            credentials,
            ports.clock());
    Outcome outcome;
    Instant retryAt = null;
    try {
      outcome = steps(run, state);
    } catch (BudgetLow low) {
      run.incomplete(null);
      ports
          .reconcileSchedule()
          .pauseToken(repo.provider(), run.user != null ? run.user : claim.manager(), low.until());
      outcome = Outcome.POSTPONED;
      retryAt = low.until();
    } finally {
      announceRecovery(run);
    }
    Instant now = ports.clock().instant();
    Instant nextAt = null;
    if (outcome != Outcome.DELETED && outcome != Outcome.GONE) {
      int failures = state == null ? 0 : state.failures();
      nextAt =
          outcome == Outcome.POSTPONED
              ? (retryAt != null
                  ? retryAt.plusMillis(jitterMillis(Duration.ofSeconds(10)))
                  : now.plus(backoff(failures + 1)))
              : now.plus(settings.interval()).plusMillis(jitterMillis(settings.interval()));
      boolean checkpoint =
          outcome == Outcome.RECONCILED && run.recoveryComplete && run.error == null;
      // a gap was caught up as a whole: the attempts logged before it (failed, or sent elsewhere)
      // are covered, and the recovery overlap must not reach back to them and redeliver them too
      Instant recoveredUntil = run.gap ? run.started.plus(DeliveryRecovery.OVERLAP) : run.started;
      ports
          .reconcileSchedule()
          .complete(
              claim,
              now,
              nextAt,
              checkpoint ? recoveredUntil : null,
              outcome == Outcome.POSTPONED ? run.error : null);
    }
    listener.reconciled(repo.provider(), outcome);
    HookStatus status = ports.hooks().find(claim.hookId()).map(RepositoryHook::status).orElse(null);
    return new ReconcileReport(
        outcome, status, run.found, run.did, run.redelivered, run.caughtUp, nextAt, run.error);
  }

  private Outcome steps(ReconcileRun run, ReconcileState state) {
    Selection selected = selection.select(run);
    if (selected instanceof Selection.Postponed p) {
      run.error = p.failure();
      run.found(
          p.failure().reason().isTransient()
              ? FindingKind.PROVIDER_UNAVAILABLE
              : FindingKind.PROVIDER_REFUSED,
          p.failure().reason().code() + ": " + p.failure().message());
      return Outcome.POSTPONED;
    }
    if (selected instanceof Selection.Deleted d) {
      run.found(FindingKind.REPOSITORY_DELETED, d.detail());
      deletion
          .delete(run.hook, run.repo, d.detail())
          .ifPresent(
              e -> {
                run.did(e);
                listener.recorded(run.hook.provider(), HookEventKind.DELETED);
              });
      return Outcome.DELETED;
    }
    if (selected instanceof Selection.Degraded d) {
      if (!(run.hook.status() == HookStatus.DEGRADED && run.hook.failureReason() == d.reason())) {
        run.did(journal.degraded(run.hook, run.repo, d.reason(), d.detail()));
      }
      return Outcome.DEGRADED;
    }
    Selection.Chosen chosen = (Selection.Chosen) selected;
    if (chosen.repository() != null) {
      String now = chosen.repository().fullName();
      if (!now.equals(run.repo.fullName())) {
        String before = run.repo.fullName();
        run.found(FindingKind.REPOSITORY_RENAMED, before + " → " + now);
        ports.repositories().rename(run.repo.id(), now);
        run.repo = run.repo.withFullName(now);
        run.did(
            journal.record(
                run.hook,
                run.repo,
                HookEventKind.REPAIRED,
                "the repository is " + now + " now (was " + before + "); the stored name follows"));
      }
      if (chosen.repository().archived()) {
        run.found(
            FindingKind.REPOSITORY_ARCHIVED,
            run.repo.fullName() + " is archived: nothing to repair");
        journal.status(run.hook, run.repo, run.hook.status(), HookStatus.ARCHIVED, null, null);
        return Outcome.ARCHIVED;
      }
      if (run.hook.status() == HookStatus.ARCHIVED) {
        run.found(
            FindingKind.REPOSITORY_UNARCHIVED, run.repo.fullName() + " is no longer archived");
      }
    }

    Instant now = ports.clock().instant();
    RepairStep step;
    if (!run.hook.isCreatedAtProvider()) {
      step = repair.create(run);
    } else if (!chosen.hook().isOk()) {
      step = repair.recreate(run);
    } else {
      ProviderHook provider = chosen.hook().value();
      step =
          provider.delivering(now)
              ? repair.repairDrift(run, provider)
              : repair.reenable(run, provider, now);
    }
    if (step == RepairStep.GONE) return Outcome.GONE;
    if (step == RepairStep.REFUSED) return Outcome.POSTPONED;
    repair.confirmDelivering(run);

    recover(run, state);
    rotateIfAged(run);
    return run.error == null ? Outcome.RECONCILED : Outcome.POSTPONED;
  }

  /**
   * Missed deliveries: the provider's log where it covers the gap, the runs API where it does not.
   */
  private void recover(ReconcileRun run, ReconcileState state) {
    Instant now = ports.clock().instant();
    Instant floor = now.minus(MAX_CATCH_UP);
    Instant checkpoint =
        state != null && state.recoveredUntil() != null
            ? state.recoveredUntil()
            : run.hook.createdAt();
    if (run.gap) {
      // nothing was attempted meanwhile: the runs since the last delivery are caught up
      catchUp.catchUp(
          run, latest(run.lastDeliveryBefore, floor), null, "the webhook was not delivering");
      return;
    }
    Instant windowStart = now.minus(settings.deliveryRetention(run.hook.provider()));
    LogOutcome log = recovery.recover(run, checkpoint, detail -> repair.repairFailing(run, detail));
    if (log == LogOutcome.UNSUPPORTED) {
      catchUp.catchUp(run, latest(checkpoint, floor), null, "the provider keeps no delivery log");
    } else if (checkpoint.isBefore(windowStart)) {
      catchUp.catchUp(
          run, latest(checkpoint, floor), windowStart, "older than the provider's delivery log");
    }
    // a redelivery that arrived shows the provider reaches us; asked for and never arrived, it does
    // not
    if (log != LogOutcome.INCOMPLETE && run.redelivered == run.unarrived) noticeQuiet(run);
  }

  /**
   * No delivery for {@code quietAfter} while the provider shows runs: degraded, repaired, caught
   * up.
   */
  private void noticeQuiet(ReconcileRun run) {
    Instant now = ports.clock().instant();
    Instant quietSince = now.minus(settings.quietAfter());
    Instant last = run.lastDeliveryBefore;
    if (!last.isBefore(quietSince)) return;
    // the hook row's time moves when a delivery is processed: one received and not processed yet
    // (or processed since the hook was read) is not silence
    DeliveryStats stats = ports.deliveries().stats(run.hook.id());
    if (stats.pending() > 0
        || (stats.lastDeliveryAt() != null && !stats.lastDeliveryAt().isBefore(quietSince))) return;
    int before = run.caughtUp;
    catchUp.catchUp(
        run, latest(last, now.minus(MAX_CATCH_UP)), null, "no delivery arrived for them");
    int missed = run.caughtUp - before;
    if (missed > 0) {
      repair.repairQuiet(run, missed + " run update(s) at the provider, no delivery since " + last);
    }
  }

  private void rotateIfAged(ReconcileRun run) {
    if (!settings.rotatesByAge() || run.error != null) return;
    Instant cutoff = ports.clock().instant().minus(settings.secretMaxAge());
    if (!run.hook.secretSetAt().isBefore(cutoff)) return;
    run.found(
        FindingKind.SECRET_AGED,
        "the secret is from " + run.hook.secretSetAt() + ", older than " + settings.secretMaxAge());
    ProviderResult<HookEvent> rotated =
        rotator.rotate(run, "the secret was older than " + settings.secretMaxAge());
    if (rotated.isOk()) {
      run.did(rotated.value());
    } else {
      run.error = rotated.failure();
    }
  }

  private void announceRecovery(ReconcileRun run) {
    if (run.redelivered + run.caughtUp == 0) return;
    run.did(journal.recovered(run.hook, run.repo, run.redelivered, run.caughtUp));
    if (run.redelivered > 0)
      listener.recovered(run.hook.provider(), DeliverySource.WEBHOOK, run.redelivered);
    if (run.caughtUp > 0)
      listener.recovered(run.hook.provider(), DeliverySource.CATCH_UP, run.caughtUp);
  }

  /**
   * After {@code failures} refusals in a row: a minute (or the interval, if shorter), doubling,
   * capped.
   */
  private Duration backoff(int failures) {
    Duration base =
        settings.interval().compareTo(Duration.ofMinutes(1)) < 0
            ? settings.interval()
            : Duration.ofMinutes(1);
    Duration wait = base.multipliedBy(1L << Math.min(20, Math.max(0, failures - 1)));
    return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
  }

  /** ± the settings' jitter fraction of {@code of}. */
  private long jitterMillis(Duration of) {
    return Math.round(of.toMillis() * settings.jitter() * (2 * random.getAsDouble() - 1));
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
