package dev.hookkeeper.app;

import dev.hookkeeper.persistence.ClusterSchedule;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's periodic work on one scheduled executor: queued hook deletions, retention, SSE
 * heartbeats. A job that fails is logged and runs again at its next turn. Jobs on shared data run
 * once per period across the cluster ({@link #oncePerCluster}); jobs on this instance's own state
 * (its streams, its throttle) run on every instance.
 */
final class BackgroundJobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);

  private final ScheduledExecutorService scheduler;

  BackgroundJobs() {
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "hookkeeper-jobs-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.scheduler = executor;
  }

  void every(String name, Duration initialDelay, Duration period, Runnable job) {
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        job.run();
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("job", name).setCause(e).log("background job {} failed", name);
      }
    }, initialDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * {@link #every} for a job that must run once per period across every instance on the database:
   * each instance asks twice a period, and only the one that claims the period runs it.
   */
  void oncePerCluster(String name, Duration initialDelay, Duration period, ClusterSchedule schedule, Runnable job) {
    Duration ask = period.dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : period.dividedBy(2);
    every(name, initialDelay, ask, () -> {
      if (schedule.claim(name, period)) job.run();
    });
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
