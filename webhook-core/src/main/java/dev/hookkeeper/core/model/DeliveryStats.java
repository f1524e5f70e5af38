package dev.hookkeeper.core.model;

import java.time.Instant;

/**
 * Counts over one hook's delivery log.
 *
 * @param failed deliveries that failed processing plus rejected attempts
 * @param lastDeliveryAt last authentic delivery; {@code null} before the first
 */
public record DeliveryStats(long total, long failed, Instant lastDeliveryAt) {
  public static final DeliveryStats NONE = new DeliveryStats(0, 0, null);
}
