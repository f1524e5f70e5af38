package dev.hookkeeper.core.model;

import java.util.Locale;

/** How a completed run or job ended. {@link #NONE} while it has not completed. */
public enum RunConclusion {
  NONE,
  SUCCESS,
  FAILURE,
  CANCELLED,
  SKIPPED,
  TIMED_OUT,
  ACTION_REQUIRED,
  NEUTRAL,
  STALE,
  STARTUP_FAILURE;

  /** A conclusion that opens (or adds to) an incident. */
  public boolean isFailure() {
    return this == FAILURE || this == TIMED_OUT || this == STARTUP_FAILURE;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
