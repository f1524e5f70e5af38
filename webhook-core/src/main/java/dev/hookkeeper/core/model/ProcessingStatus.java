package dev.hookkeeper.core.model;

import java.util.Locale;

/** Where a stored delivery stands: received, then processed, ignored or failed. */
public enum ProcessingStatus {
  /** Authentic and durably stored; its effects are not applied yet (the inbox). */
  RECEIVED,
  /** Its effects are applied. */
  PROCESSED,
  /** Authentic and stored, but nothing to do: an event we do not act on, or nobody subscribed. */
  IGNORED,
  /** Its processing failed for good (malformed, or failed every attempt); the error says why. Replayable. */
  FAILED,
  /** Failed authentication. Recorded for forensics; consumes no dedup key. */
  REJECTED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether processing is over for now: anything but {@link #RECEIVED}. */
  public boolean settled() {
    return this != RECEIVED;
  }
}
