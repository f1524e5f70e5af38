package dev.hookkeeper.core.model;

import java.time.Instant;

/**
 * Counts over one hook's delivery log.
 *
 * @param total authentic deliveries stored
 * @param pending authentic deliveries whose effects are not applied yet
 * @param failed authentic deliveries whose processing failed for good
 * @param rejected every attempt refused as unauthentic, exactly, whether its row was kept or only counted
 * @param lastDeliveryAt last authentic delivery; {@code null} before the first
 */
public record DeliveryStats(long total, long pending, long failed, long rejected, Instant lastDeliveryAt) {
  public static final DeliveryStats NONE = new DeliveryStats(0, 0, 0, 0, null);
}
