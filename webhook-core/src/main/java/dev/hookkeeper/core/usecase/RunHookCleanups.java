package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.port.HookCleanupQueue;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Retries queued hook deletions that are due. Run it periodically (the server does, every minute).
 */
public final class RunHookCleanups {
  static final int BATCH = 100;

  private final HookCleanupQueue cleanups;
  private final InstantSource clock;
  private final HookCleaner cleaner;

  public RunHookCleanups(HookCleanupQueue cleanups, InstantSource clock, HookCleaner cleaner) {
    this.cleanups = Objects.requireNonNull(cleanups, "cleanups == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.cleaner = Objects.requireNonNull(cleaner, "cleaner == null");
  }

  /** Returns how many cleanups are done: hooks deleted (or found gone), or in use again. */
  public int runDue() {
    int completed = 0;
    for (HookCleanup cleanup : cleanups.due(clock.instant(), BATCH)) {
      if (cleaner.attempt(cleanup) != CleanupOutcome.RETRY_LATER) completed++;
    }
    return completed;
  }
}
