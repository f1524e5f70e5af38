package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An authentic delivery as stored. Unique per (provider, hook, deliveryId): that is the dedup key.
 *
 * @param id Hookkeeper's own id ({@code dlv_…})
 * @param deliveryId the provider's delivery id ({@code X-GitHub-Delivery}; GitLab
 *     {@code Idempotency-Key}, else {@code X-Gitlab-Event-UUID}, else a body hash)
 * @param action the payload's {@code action}; {@code null} when it has none
 * @param error why processing failed; {@code null} unless {@code status} is FAILED
 * @param headers the request headers with every credential redacted
 * @param body the raw body exactly as received
 * @param processedAt {@code null} while not processed
 */
public record Delivery(
    String id,
    Provider provider,
    HookId hookId,
    RepositoryId repositoryId,
    String deliveryId,
    String event,
    String action,
    ProcessingStatus status,
    String error,
    Headers headers,
    byte[] body,
    long durationMicros,
    Instant receivedAt,
    Instant processedAt) {
  public Delivery {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(hookId, "hookId == null");
    Objects.requireNonNull(repositoryId, "repositoryId == null");
    Objects.requireNonNull(deliveryId, "deliveryId == null");
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(receivedAt, "receivedAt == null");
    if (status == ProcessingStatus.REJECTED) {
      throw new IllegalArgumentException("a rejected attempt is a RejectedDelivery, not a Delivery");
    }
  }

  public Delivery withOutcome(ProcessingStatus newStatus, String newError, long micros, Instant at) {
    return new Delivery(id, provider, hookId, repositoryId, deliveryId, event, action, newStatus,
        newError, headers, body, micros, receivedAt, at);
  }

  @Override
  public String toString() {
    return "Delivery[" + id + " " + provider.id() + " hook=" + hookId + " delivery=" + deliveryId
        + " event=" + event + " status=" + status + "]";
  }
}
