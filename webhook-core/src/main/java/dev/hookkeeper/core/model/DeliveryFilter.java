package dev.hookkeeper.core.model;

/**
 * Narrows a delivery log listing.
 *
 * @param status only deliveries in this state ({@link ProcessingStatus#REJECTED} for refused attempts);
 *     {@code null} for all
 * @param event only this event name ({@code workflow_run}, {@code Pipeline Hook}); {@code null} for all
 */
public record DeliveryFilter(ProcessingStatus status, String event) {
  public static final DeliveryFilter ANY = new DeliveryFilter(null, null);

  public DeliveryFilter {
    if (event != null && event.isBlank()) event = null;
  }
}
