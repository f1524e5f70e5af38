package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.HookHealth;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderHooksApi.PingOutcome;
import dev.hookkeeper.core.usecase.ReconcileReport.FindingKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Puts the provider's hook back to what Hookkeeper wants, with the run's token: creates one that
 * was never created, recreates one that went missing (with a new secret), switches on one that was
 * switched off or auto-disabled, and updates in place one whose URL, events or content type drifted
 * (the configuration's {@code WEBHOOK_BASE_URL} and {@code WEBHOOK_EVENTS_*} included), always
 * resending the secret. Each step answers whether the hook delivers now; a refusal leaves the hook
 * DEGRADED with the provider's reason, or FAILED when it could not be created.
 */
final class HookRepair {
  private final Ports ports;
  private final HookSettings settings;
  private final HookProvisioner provisioner;
  private final SecretRotator rotator;
  private final HookJournal journal;

  HookRepair(
      Ports ports,
      HookSettings settings,
      HookProvisioner provisioner,
      SecretRotator rotator,
      HookJournal journal) {
    this.ports = ports;
    this.settings = settings;
    this.provisioner = provisioner;
    this.rotator = rotator;
    this.journal = journal;
  }

  /** A hook never created at the provider (refused at connect): created now. */
  RepairStep create(ReconcileRun run) {
    run.gap = true;
    run.found(
        FindingKind.NOT_CREATED,
        "the webhook was never created at the provider"
            + (run.hook.failureReason() == null
                ? ""
                : " (" + run.hook.failureReason().code() + ")"));
    return place(run, HookEventKind.CREATED);
  }

  /** The provider no longer has the hook (deleted by a person): a new one, with a new secret. */
  RepairStep recreate(ReconcileRun run) {
    run.gap = true;
    run.found(
        FindingKind.HOOK_MISSING,
        "webhook " + run.hook.providerHookId() + " is gone at the provider");
    if (rotator.storeNew(run.hook) == null) return RepairStep.GONE;
    Optional<RepositoryHook> renewed = ports.hooks().find(run.hook.id());
    if (renewed.isEmpty()) return RepairStep.GONE;
    run.hook = renewed.get();
    return place(run, HookEventKind.RECREATED);
  }

  private RepairStep place(ReconcileRun run, HookEventKind kind) {
    Optional<RepositoryHook> placed =
        provisioner.provision(run.hook, run.repo, run.user, run.token, kind, run::did);
    if (placed.isEmpty()) return RepairStep.GONE;
    run.hook = placed.get();
    if (run.hook.isCreatedAtProvider() && run.hook.status() != HookStatus.FAILED)
      return RepairStep.DELIVERING;
    run.error =
        ProviderFailure.of(
            run.hook.failureReason() == null
                ? FailureReason.PROVIDER_UNAVAILABLE
                : run.hook.failureReason(),
            run.hook.failureMessage() == null ? "refused" : run.hook.failureMessage());
    return RepairStep.REFUSED;
  }

  /** Switched off (GitHub) or disabled by the provider (GitLab): switched on again, then pinged. */
  RepairStep reenable(ReconcileRun run, ProviderHook provider, Instant now) {
    run.gap = true;
    run.found(FindingKind.HOOK_DISABLED, describe(provider, now));
    ProviderResult<ProviderHook> r =
        run.call(
            () -> run.api.reenableHook(run.token, run.ref(), run.hook.providerHookId(), spec(run)));
    if (!r.isOk()) {
      if (r.failure().reason() == FailureReason.HOOK_NOT_FOUND) return recreate(run);
      if (r.failure().reason() == FailureReason.HOOK_DISABLED_BY_PROVIDER) {
        journal.status(
            run.hook,
            run.repo,
            run.hook.status(),
            HookStatus.INACTIVE,
            FailureReason.HOOK_DISABLED_BY_PROVIDER,
            r.failure().message());
        run.error = r.failure();
        return RepairStep.REFUSED;
      }
      return refused(run, r.failure());
    }
    recordSpec(run);
    run.did(
        journal.record(
            run.hook,
            run.repo,
            HookEventKind.REENABLED,
            describe(provider, now)
                + "; switched on again"
                + (r.value().delivering(ports.clock().instant())
                    ? ""
                    : ", the provider still holds it")));
    if (!r.value().delivering(ports.clock().instant())) {
      run.error =
          ProviderFailure.of(
              FailureReason.HOOK_DISABLED_BY_PROVIDER, "the provider still does not deliver");
      return RepairStep.REFUSED;
    }
    // a hook the provider disabled was re-enabled by a test delivery that got a 2xx: that was the
    // ping
    if (provider.health().alertStatus() == HookHealth.AlertStatus.EXECUTABLE) ping(run);
    return RepairStep.DELIVERING;
  }

  /**
   * Drift (URL, events, content type) or deliveries the provider reports failing: the hook is put
   * back in one update that resends the secret (a secret the provider lost or garbled is the
   * likeliest cause of failing deliveries that reach us), then pinged. Nothing to repair: {@code
   * DELIVERING} without a call.
   */
  RepairStep repairDrift(ReconcileRun run, ProviderHook provider) {
    List<String> what = new ArrayList<>();
    String url = settings.url(run.hook.provider());
    boolean urlDrift = !provider.url().equals(url);
    if (urlDrift) {
      run.found(FindingKind.URL_DRIFT, "points at " + provider.url() + ", not " + url);
      what.add("url " + provider.url() + " → " + url);
      run.gap = true; // what it sent meanwhile went elsewhere: answered there, or logged as failed
    }
    Set<String> wanted = new HashSet<>(settings.events(run.hook.provider()));
    if (!new HashSet<>(provider.events()).containsAll(wanted)) {
      run.gap = true; // events we need were not sent at all
    }
    if (!new HashSet<>(provider.events()).equals(wanted)) {
      run.found(
          FindingKind.EVENTS_DRIFT,
          "subscribes to " + provider.events() + ", not " + settings.events(run.hook.provider()));
      what.add("events " + provider.events() + " → " + settings.events(run.hook.provider()));
    }
    if (!"json".equals(provider.contentType())) {
      run.found(
          FindingKind.CONTENT_TYPE_DRIFT, "content type " + provider.contentType() + ", not json");
      what.add("content type " + provider.contentType() + " → json");
    }
    HookHealth.LastResponse last = provider.health().lastResponse();
    boolean failing = last != null && last.failing();
    if (failing) {
      String detail =
          "the provider reports the latest delivery failed: "
              + (last.code() == null ? "" : last.code() + " ")
              + (last.message() == null ? "" : last.message());
      run.found(FindingKind.DELIVERIES_FAILING, detail);
      if (!(run.hook.status() == HookStatus.DEGRADED
          && run.hook.failureReason() == FailureReason.DELIVERIES_FAILING)) {
        run.did(journal.degraded(run.hook, run.repo, FailureReason.DELIVERIES_FAILING, detail));
        run.hook = ports.hooks().find(run.hook.id()).orElse(run.hook);
      }
      what.add("secret resent");
    }
    if (what.isEmpty()) return RepairStep.DELIVERING;
    return update(
        run,
        urlDrift ? HookEventKind.URL_UPDATED : HookEventKind.REPAIRED,
        String.join("; ", what));
  }

  /**
   * The provider's log shows deliveries failing again after a redelivery: the hook is DEGRADED
   * ({@code deliveries_failing}) and put back (the secret resent: a secret changed at the provider
   * is the likeliest cause), then pinged.
   */
  RepairStep repairFailing(ReconcileRun run, String detail) {
    if (run.resent) return RepairStep.DELIVERING;
    run.found(FindingKind.DELIVERIES_FAILING, detail);
    if (!(run.hook.status() == HookStatus.DEGRADED
        && run.hook.failureReason() == FailureReason.DELIVERIES_FAILING)) {
      run.did(journal.degraded(run.hook, run.repo, FailureReason.DELIVERIES_FAILING, detail));
      run.hook = ports.hooks().find(run.hook.id()).orElse(run.hook);
    }
    return update(
        run, HookEventKind.REPAIRED, "secret and events resent after deliveries kept failing");
  }

  /**
   * The provider shows runs but no delivery came: the hook is DEGRADED ({@code deliveries_missing})
   * and put back (secret and events resent), then pinged.
   */
  RepairStep repairQuiet(ReconcileRun run, String detail) {
    run.found(FindingKind.DELIVERIES_MISSING, detail);
    if (!(run.hook.status() == HookStatus.DEGRADED
        && run.hook.failureReason() == FailureReason.DELIVERIES_MISSING)) {
      run.did(journal.degraded(run.hook, run.repo, FailureReason.DELIVERIES_MISSING, detail));
      run.hook = ports.hooks().find(run.hook.id()).orElse(run.hook);
    }
    return update(
        run, HookEventKind.REPAIRED, "secret and events resent after deliveries went missing");
  }

  private RepairStep update(ReconcileRun run, HookEventKind kind, String detail) {
    ProviderResult<ProviderHook> r =
        run.call(
            () -> run.api.updateHook(run.token, run.ref(), run.hook.providerHookId(), spec(run)));
    if (!r.isOk()) {
      if (r.failure().reason() == FailureReason.HOOK_NOT_FOUND) return recreate(run);
      return refused(run, r.failure());
    }
    recordSpec(run);
    run.resent = true;
    run.did(journal.record(run.hook, run.repo, kind, detail));
    ping(run);
    return RepairStep.DELIVERING;
  }

  /**
   * The hook exists and delivers: a status that says otherwise (archived, inactive, degraded for a
   * lost token or a refusal, failed) is put right. A hook degraded for failing or missing
   * deliveries waits for a delivery to prove it works (the ping's).
   */
  void confirmDelivering(ReconcileRun run) {
    RepositoryHook current = ports.hooks().find(run.hook.id()).orElse(run.hook);
    run.hook = current;
    HookStatus status = current.status();
    boolean deliveriesReason =
        current.failureReason() == FailureReason.DELIVERIES_FAILING
            || current.failureReason() == FailureReason.DELIVERIES_MISSING;
    boolean stale =
        status == HookStatus.ARCHIVED
            || status == HookStatus.INACTIVE
            || status == HookStatus.FAILED
            || (status == HookStatus.DEGRADED && !deliveriesReason);
    if (!stale) return;
    if (journal.status(current, run.repo, status, HookStatus.ACTIVE, null, null)) {
      if (status == HookStatus.DEGRADED || status == HookStatus.FAILED) {
        run.did(
            journal.record(
                current,
                run.repo,
                HookEventKind.REPAIRED,
                "working again with "
                    + run.user.value()
                    + "'s token (was "
                    + status.wireName()
                    + (current.failureReason() == null ? "" : ": " + current.failureReason().code())
                    + ")"));
      }
      run.hook = ports.hooks().find(run.hook.id()).orElse(current);
    }
  }

  /**
   * A refusal of a repair: transient ones only postpone; others leave the hook DEGRADED with the
   * provider's reason until a reconcile succeeds.
   */
  private RepairStep refused(ReconcileRun run, ProviderFailure failure) {
    run.error = failure;
    run.found(
        failure.reason().isTransient()
            ? FindingKind.PROVIDER_UNAVAILABLE
            : FindingKind.PROVIDER_REFUSED,
        failure.reason().code() + ": " + failure.message());
    if (!failure.reason().isTransient()) {
      FailureReason reason = hookReason(failure.reason());
      if (!(run.hook.status() == HookStatus.DEGRADED && run.hook.failureReason() == reason)) {
        run.did(
            journal.degraded(
                run.hook,
                run.repo,
                reason,
                "the provider refused the repair: " + failure.message()));
      }
    }
    return RepairStep.REFUSED;
  }

  private static FailureReason hookReason(FailureReason call) {
    return switch (call) {
      case TOKEN_SCOPE_MISSING -> FailureReason.TOKEN_SCOPE_LOST;
      case TOKEN_INVALID, TOKEN_EXPIRED -> FailureReason.TOKEN_REVOKED;
      default -> call;
    };
  }

  private void ping(ReconcileRun run) {
    ProviderResult<PingOutcome> ping =
        run.call(() -> run.api.ping(run.token, run.ref(), run.hook.providerHookId()));
    if (ping.isOk() && ping.value() == PingOutcome.NOT_SUPPORTED) confirmDelivering(run);
  }

  private void recordSpec(ReconcileRun run) {
    String url = settings.url(run.hook.provider());
    List<String> events = settings.events(run.hook.provider());
    if (!run.hook.url().equals(url) || !run.hook.events().equals(events)) {
      Instant now = ports.clock().instant();
      ports.hooks().recordSpec(run.hook.id(), url, events, now);
      run.hook = run.hook.withSpec(url, events, now);
    }
  }

  /** What Hookkeeper wants the hook to be, with its current secret. */
  private HookSpec spec(ReconcileRun run) {
    Secret secret =
        ports.cipher().decrypt(run.hook.secret(), RepositoryHook.secretContext(run.hook.id()));
    return new HookSpec(
        settings.url(run.hook.provider()), secret, settings.events(run.hook.provider()));
  }

  private static String describe(ProviderHook hook, Instant now) {
    if (!hook.active()) return "webhook " + hook.providerHookId() + " is switched off";
    HookHealth health = hook.health();
    return "webhook "
        + hook.providerHookId()
        + " is "
        + health.alertStatus().name().toLowerCase(java.util.Locale.ROOT)
        + (health.disabledUntil() == null || !now.isBefore(health.disabledUntil())
            ? ""
            : " until " + health.disabledUntil());
  }
}
