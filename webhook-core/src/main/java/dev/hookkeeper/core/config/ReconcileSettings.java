package dev.hookkeeper.core.config;

import dev.hookkeeper.core.model.Provider;
import java.time.Duration;
import java.util.Objects;

/**
 * How the reconciler works: how often each hook is compared with the provider, and the limits of
 * its repairs.
 *
 * @param background workers claim due hooks by themselves; {@code false}: only reconciles asked for
 *     (the API's reconcile, a stored token, a {@code meta} {@code deleted}) run, on the caller's
 *     thread
 * @param interval how often the cluster reconciles each hook ({@code
 *     HOOKKEEPER_RECONCILE_INTERVAL})
 * @param jitter each hook's next turn is the interval ± this fraction of it, so hooks created
 *     together do not stay together
 * @param workers reconciles one instance runs at once (each holds one token's turn)
 * @param lease how long a claim lasts if its holder dies; a reconcile finishes well within it
 * @param pollInterval how often an idle worker looks for due hooks
 * @param budgetFloor below this fraction of a token's rate budget the reconciler leaves the rest to
 *     users and waits for the provider's reset
 * @param secretGrace how long the previous secret is accepted after a rotation ({@code
 *     HOOKKEEPER_SECRET_GRACE})
 * @param secretMaxAge a secret older than this is rotated by the reconciler; {@link Duration#ZERO}:
 *     never ({@code HOOKKEEPER_SECRET_MAX_AGE})
 * @param quietAfter a hook with no delivery for this long while the provider shows runs is degraded
 *     and repaired ({@code HOOKKEEPER_QUIET_AFTER})
 * @param maxBackoff the longest wait after repeated refusals
 * @param maxRedeliveriesPerPass redeliveries asked for in one reconcile of one hook; the rest
 *     follow at the next (the checkpoint stays until all are)
 * @param redeliveryWait how long a redelivery may take to reach us before the next is asked for:
 *     they are asked for one at a time, oldest first, each once the previous one is stored, so that
 *     they arrive in the order the provider first tried them (a run's failure before its fix)
 */
public record ReconcileSettings(
    boolean background,
    Duration interval,
    double jitter,
    int workers,
    Duration lease,
    Duration pollInterval,
    double budgetFloor,
    Duration secretGrace,
    Duration secretMaxAge,
    Duration quietAfter,
    Duration maxBackoff,
    int maxRedeliveriesPerPass,
    Duration redeliveryWait) {

  /** Background reconciling every 15 minutes, as the server runs by default. */
  public static final ReconcileSettings DEFAULTS =
      new ReconcileSettings(
          true,
          Duration.ofMinutes(15),
          0.1,
          2,
          Duration.ofMinutes(15),
          Duration.ofSeconds(1),
          0.10,
          Duration.ofHours(1),
          Duration.ZERO,
          Duration.ofHours(24),
          Duration.ofHours(6),
          100,
          Duration.ofSeconds(10));

  /** No background work: reconciles run only when asked for. */
  public static final ReconcileSettings ON_DEMAND = DEFAULTS.withBackground(false);

  public ReconcileSettings {
    Objects.requireNonNull(interval, "interval == null");
    Objects.requireNonNull(lease, "lease == null");
    Objects.requireNonNull(pollInterval, "pollInterval == null");
    Objects.requireNonNull(secretGrace, "secretGrace == null");
    Objects.requireNonNull(secretMaxAge, "secretMaxAge == null");
    Objects.requireNonNull(quietAfter, "quietAfter == null");
    Objects.requireNonNull(maxBackoff, "maxBackoff == null");
    Objects.requireNonNull(redeliveryWait, "redeliveryWait == null");
    if (redeliveryWait.isNegative())
      throw new IllegalArgumentException("'redeliveryWait' must not be negative");
    positive(interval, "interval");
    positive(lease, "lease");
    positive(pollInterval, "pollInterval");
    positive(quietAfter, "quietAfter");
    positive(maxBackoff, "maxBackoff");
    if (secretGrace.isNegative())
      throw new IllegalArgumentException("'secretGrace' must not be negative");
    if (secretMaxAge.isNegative())
      throw new IllegalArgumentException("'secretMaxAge' must not be negative");
    if (jitter < 0 || jitter >= 1) throw new IllegalArgumentException("'jitter' must be in [0, 1)");
    if (workers < 1) throw new IllegalArgumentException("'workers' must be at least 1");
    if (budgetFloor < 0 || budgetFloor >= 1)
      throw new IllegalArgumentException("'budgetFloor' must be in [0, 1)");
    if (maxRedeliveriesPerPass < 1)
      throw new IllegalArgumentException("'maxRedeliveriesPerPass' must be at least 1");
  }

  private static void positive(Duration d, String name) {
    if (d.isZero() || d.isNegative())
      throw new IllegalArgumentException("'" + name + "' must be positive");
  }

  /**
   * How long the provider keeps its delivery log (GitHub.com 3 days — GHES keeps 7, 3 is the safe
   * side; GitLab's hook events 7 days, provider-facts 0.16 and 2.3): what is older can only be
   * caught up from the runs API.
   */
  public Duration deliveryRetention(Provider provider) {
    return provider == Provider.GITHUB ? Duration.ofDays(3) : Duration.ofDays(7);
  }

  public boolean rotatesByAge() {
    return !secretMaxAge.isZero();
  }

  public ReconcileSettings withBackground(boolean newBackground) {
    return new ReconcileSettings(
        newBackground,
        interval,
        jitter,
        workers,
        lease,
        pollInterval,
        budgetFloor,
        secretGrace,
        secretMaxAge,
        quietAfter,
        maxBackoff,
        maxRedeliveriesPerPass,
        redeliveryWait);
  }

  public ReconcileSettings withInterval(Duration newInterval) {
    return new ReconcileSettings(
        background,
        newInterval,
        jitter,
        workers,
        lease,
        pollInterval,
        budgetFloor,
        secretGrace,
        secretMaxAge,
        quietAfter,
        maxBackoff,
        maxRedeliveriesPerPass,
        redeliveryWait);
  }

  /** {@link Duration#ZERO}: redeliveries are asked for without waiting for each to arrive. */
  public ReconcileSettings withRedeliveryWait(Duration newRedeliveryWait) {
    return new ReconcileSettings(
        background,
        interval,
        jitter,
        workers,
        lease,
        pollInterval,
        budgetFloor,
        secretGrace,
        secretMaxAge,
        quietAfter,
        maxBackoff,
        maxRedeliveriesPerPass,
        newRedeliveryWait);
  }

  /** The three durations an operator sets: grace, maximum age (zero: off) and quiet time. */
  public ReconcileSettings withSecrets(Duration grace, Duration maxAge, Duration quiet) {
    return new ReconcileSettings(
        background,
        interval,
        jitter,
        workers,
        lease,
        pollInterval,
        budgetFloor,
        grace,
        maxAge,
        quiet,
        maxBackoff,
        maxRedeliveriesPerPass,
        redeliveryWait);
  }
}
