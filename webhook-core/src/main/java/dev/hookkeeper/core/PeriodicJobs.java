package dev.hookkeeper.core;

import dev.hookkeeper.core.port.JobSchedule;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Hookkeeper's periodic work on two daemon threads. A job that fails is reported and runs again at
 * its next turn. With a {@link JobSchedule} shared by several instances each job runs once per
 * period across all of them (every instance asks twice a period; the one that claims it runs it);
 * without one, once per period here.
 */
final class PeriodicJobs implements AutoCloseable {
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final JobSchedule schedule;
  private final JobListener listener;
  private final ScheduledThreadPoolExecutor scheduler;

  /**
   * @param schedule {@code null}: this instance alone
   */
  PeriodicJobs(JobSchedule schedule, JobListener listener) {
    this.schedule = schedule;
    this.listener = listener;
    AtomicInteger n = new AtomicInteger();
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            2,
            r -> {
              Thread t = new Thread(r, "hookkeeper-jobs-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  void every(
      String name, Duration initialDelay, Duration period, Supplier<Map<String, Integer>> job) {
    Duration ask = schedule == null ? period : atLeastOneSecond(period.dividedBy(2));
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            if (schedule == null || schedule.claim(name, period)) listener.ran(name, job.get());
          } catch (RuntimeException e) {
            listener.failed(name, e);
          }
        },
        initialDelay.toMillis(),
        ask.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static Duration atLeastOneSecond(Duration d) {
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
  }

  /** No job starts from now on; a job under way may finish (bounded), then the threads stop. */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS))
        scheduler.shutdownNow();
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Whether every job thread has ended (for tests). */
  boolean terminated() {
    return scheduler.isTerminated();
  }
}
