package dev.hookkeeper.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * Decides which instance runs a periodic job this period: the one that moves the job's
 * {@code next_run_at} past the database's clock first. Every instance asks as often as it likes;
 * one {@link #claim} per period answers {@code true}, across all of them. The database's clock is
 * the only clock, so instances with skewed clocks agree.
 */
public final class ClusterSchedule {
  private final Database db;
  private final String owner;

  private ClusterSchedule(Database db, String owner) {
    this.db = db;
    this.owner = owner;
  }

  /** @param owner names this instance in {@code last_owner}, for operators */
  static ClusterSchedule on(Database db, String owner) {
    return new ClusterSchedule(Objects.requireNonNull(db, "db == null"), Objects.requireNonNull(owner, "owner == null"));
  }

  /**
   * Whether this instance runs {@code job} now: true once per {@code period} across the cluster.
   *
   * @throws dev.hookkeeper.core.port.StoreUnavailableException when the database is down (then nobody runs it)
   */
  public boolean claim(String job, Duration period) {
    Objects.requireNonNull(job, "job == null");
    if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("'period' must be positive");
    // a little short of the period, so that an instance asking every period is not pushed to every other one
    long millis = Math.max(1, period.toMillis() - Math.min(period.toMillis() / 10, 1_000));
    return db.withHandle(h -> h.createQuery(
            "INSERT INTO cluster_jobs (name, next_run_at, last_started_at, last_owner)"
                + " VALUES (:job, now() + :millis * interval '1 millisecond', now(), :owner)"
                + " ON CONFLICT (name) DO UPDATE SET next_run_at = EXCLUDED.next_run_at,"
                + " last_started_at = EXCLUDED.last_started_at, last_owner = EXCLUDED.last_owner"
                + " WHERE cluster_jobs.next_run_at <= now()"
                + " RETURNING name")
        .bind("job", job)
        .bind("millis", millis)
        .bind("owner", owner)
        .mapTo(String.class)
        .findOne()
        .isPresent());
  }
}
