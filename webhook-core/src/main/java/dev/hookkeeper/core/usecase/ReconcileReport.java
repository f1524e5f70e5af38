package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.ProviderFailure;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What one reconcile of one hook found and did.
 *
 * @param status the hook's status afterwards; {@code null} once it was deleted
 * @param did the audit-trail events the reconcile recorded, oldest first
 * @param redelivered deliveries the provider was asked to send again
 * @param caughtUp runs stored from the provider's runs API because their deliveries are lost
 * @param nextAt when the hook is reconciled next; {@code null} once it was deleted
 * @param error why the reconcile stopped early (the provider refused or rate-limited it, or is
 *     down); {@code null} when it finished
 */
public record ReconcileReport(
    Outcome outcome,
    HookStatus status,
    List<Finding> found,
    List<HookEvent> did,
    int redelivered,
    int caughtUp,
    Instant nextAt,
    ProviderFailure error) {
  public ReconcileReport {
    Objects.requireNonNull(outcome, "outcome == null");
    found = List.copyOf(found);
    did = List.copyOf(did);
  }

  /** How a reconcile ended. */
  public enum Outcome {
    /** Compared and repaired what could be. */
    RECONCILED,
    /** Stopped early; it runs again later ({@code error} says why). */
    POSTPONED,
    /** No connected user's token can manage the hook. */
    DEGRADED,
    /** The repository is archived: nothing to repair. */
    ARCHIVED,
    /** The repository is gone at the provider: its connections ended, its hook row removed. */
    DELETED,
    /** The hook row was removed meanwhile (its last connection ended). */
    GONE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Something the reconcile noticed, with the detail in words. */
  public record Finding(FindingKind kind, String detail) {
    public Finding {
      Objects.requireNonNull(kind, "kind == null");
      Objects.requireNonNull(detail, "detail == null");
    }
  }

  /** What a reconcile can notice; {@link #wireName()} is the API's {@code kind}. */
  public enum FindingKind {
    NOT_CREATED,
    HOOK_MISSING,
    HOOK_DISABLED,
    URL_DRIFT,
    EVENTS_DRIFT,
    CONTENT_TYPE_DRIFT,
    DELIVERIES_FAILING,
    DELIVERIES_MISSING,
    FAILED_DELIVERIES,
    RUNS_MISSED,
    TOKEN_REFUSED,
    TOKEN_REFRESHED,
    REPOSITORY_RENAMED,
    REPOSITORY_ARCHIVED,
    REPOSITORY_UNARCHIVED,
    REPOSITORY_DELETED,
    SECRET_AGED,
    RATE_BUDGET_LOW,
    PROVIDER_REFUSED,
    PROVIDER_UNAVAILABLE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
