package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One delivery attempt as the provider's own delivery log shows it (GitHub deliveries API, GitLab
 * hook events API). Used to find and redeliver what never reached us.
 *
 * @param providerDeliveryId the id used for redelivery (GitHub numeric id, GitLab hook event id)
 * @param guid the delivery id sent in the delivery headers ({@code X-GitHub-Delivery} /
 *     {@code Idempotency-Key}); may be empty where the provider does not list it
 * @param action may be {@code null}
 */
public record ProviderDelivery(
    String providerDeliveryId,
    String guid,
    String event,
    String action,
    int statusCode,
    boolean success,
    boolean redelivery,
    Instant deliveredAt) {
  public ProviderDelivery {
    Objects.requireNonNull(providerDeliveryId, "providerDeliveryId == null");
    Objects.requireNonNull(guid, "guid == null");
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(deliveredAt, "deliveredAt == null");
  }
}
