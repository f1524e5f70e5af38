package dev.hookkeeper.core.port;

import java.time.Duration;

/**
 * Decides which of several instances sharing one store runs a periodic job this period (hook
 * deletions still owed, retention, token renewal): {@link #claim} answers {@code true} once per
 * period across all of them, whoever asks first. An instance alone needs none: Hookkeeper then runs
 * each job once per period on its own. Thread-safe.
 */
@FunctionalInterface
public interface JobSchedule {

  /**
   * Whether the caller runs {@code job} now.
   *
   * @throws StoreUnavailableException when the store is down (then nobody runs it this time)
   */
  boolean claim(String job, Duration period);
}
