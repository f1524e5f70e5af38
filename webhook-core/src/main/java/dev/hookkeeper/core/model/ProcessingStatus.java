package dev.hookkeeper.core.model;

import java.util.Locale;

/** What became of a stored delivery. */
public enum ProcessingStatus {
  /** Authentic, decoded, and its effects recorded. */
  PROCESSED,
  /** Authentic and stored, but nothing to do: an event we do not act on, or nobody subscribed. */
  IGNORED,
  /** Authentic and stored, but decoding or processing failed; the error says why. Replayable. */
  FAILED,
  /** Failed authentication. Recorded for forensics; consumes no dedup key. */
  REJECTED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
