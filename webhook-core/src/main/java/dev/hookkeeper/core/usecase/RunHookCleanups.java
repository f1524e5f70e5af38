package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.model.HookCleanup;
import java.util.Objects;

/** Retries queued hook deletions that are due. Run it periodically (the server does, every minute). */
public final class RunHookCleanups {
  static final int BATCH = 100;

  private final Ports ports;
  private final HookCleaner cleaner;

  public RunHookCleanups(Ports ports, Providers providers) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.cleaner = new HookCleaner(ports, Objects.requireNonNull(providers, "providers == null"));
  }

  /** Returns how many cleanups are done: hooks deleted (or found gone), or in use again. */
  public int runDue() {
    int completed = 0;
    for (HookCleanup cleanup : ports.cleanups().due(ports.clock().instant(), BATCH)) {
      if (cleaner.attempt(cleanup) != CleanupOutcome.RETRY_LATER) completed++;
    }
    return completed;
  }
}
