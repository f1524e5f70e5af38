package dev.hookkeeper.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One delivery attempt as the provider's own delivery log shows it (GitHub deliveries API, GitLab
 * hook events API). Used to find and redeliver what never reached us.
 *
 * @param providerDeliveryId the id used for redelivery (GitHub numeric id, GitLab hook event id)
 * @param guid the delivery id sent in the delivery headers ({@code X-GitHub-Delivery} /
 *     {@code Idempotency-Key}), shared by every attempt of one event to one hook, redeliveries
 *     included; may be empty where the provider does not list it
 * @param action may be {@code null}
 * @param statusCode the receiver's HTTP status; GitHub reports connection failures as 502
 *     (OpenAPI example), GitLab as no code at all, here 0
 * @param success the attempt counts as delivered: GitHub {@code status == "OK"} (the official
 *     recipe's test), GitLab a 2xx {@code response_status}
 * @param status the provider's own words: GitHub {@code "OK"}, {@code "Invalid HTTP Response: 503"},
 *     {@code "failed to connect"}, {@code "timed out"}; GitLab the {@code response_status} ({@code
 *     "200"}, {@code "internal error"})
 * @param redelivery GitHub's flag; always {@code false} on GitLab, whose log does not say
 * @param duration how long the attempt took, as the provider measured it
 */
public record ProviderDelivery(
    String providerDeliveryId,
    String guid,
    String event,
    String action,
    int statusCode,
    boolean success,
    String status,
    boolean redelivery,
    Duration duration,
    Instant deliveredAt) {
  public ProviderDelivery {
    Objects.requireNonNull(providerDeliveryId, "providerDeliveryId == null");
    Objects.requireNonNull(guid, "guid == null");
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(duration, "duration == null");
    Objects.requireNonNull(deliveredAt, "deliveredAt == null");
  }
}
