package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * How far a stored delivery's processing has come.
 *
 * @param error why processing failed (the last attempt's error while it is retried); {@code null}
 *     otherwise
 * @param attempts processing attempts so far (back to 0 when it is replayed)
 * @param processedAt when it was last settled; {@code null} while received for the first time
 * @param replayedAt when it was last queued again on request; {@code null} if never
 * @param replays how many times it was queued again on request
 */
public record DeliveryProcessing(
    ProcessingStatus status, String error, int attempts, Instant processedAt, Instant replayedAt, int replays) {

  public static final DeliveryProcessing RECEIVED = new DeliveryProcessing(ProcessingStatus.RECEIVED, null, 0, null, null, 0);
  public static final DeliveryProcessing REJECTED = new DeliveryProcessing(ProcessingStatus.REJECTED, null, 0, null, null, 0);

  public DeliveryProcessing {
    Objects.requireNonNull(status, "status == null");
    if (attempts < 0) throw new IllegalArgumentException("'attempts' must not be negative");
    if (replays < 0) throw new IllegalArgumentException("'replays' must not be negative");
  }
}
