package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An authentic delivery as stored. Unique per (provider, hook, deliveryId): that is the dedup key.
 *
 * @param id Hookkeeper's own id ({@code dlv_…})
 * @param deliveryId the provider's delivery id ({@code X-GitHub-Delivery}; GitLab {@code
 *     Idempotency-Key}, else {@code X-Gitlab-Event-UUID}, else a body hash)
 * @param action the payload's {@code action}, known once processed; {@code null} before or when it
 *     has none
 * @param headers the request headers with every credential redacted
 * @param body the raw body exactly as received; empty once retention purged it
 * @param bodyPurged retention removed the body (it cannot be processed again)
 * @param source a webhook, or a run the reconciler caught up from the provider's API (its body is
 *     then {@code dev.hookkeeper.core.ingest.CatchUpPayload}'s, not the provider's)
 */
public record Delivery(
    String id,
    Provider provider,
    HookId hookId,
    RepositoryId repositoryId,
    String deliveryId,
    String event,
    String action,
    Headers headers,
    byte[] body,
    boolean bodyPurged,
    Instant receivedAt,
    DeliveryProcessing processing,
    DeliverySource source) {
  public Delivery {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(hookId, "hookId == null");
    Objects.requireNonNull(repositoryId, "repositoryId == null");
    Objects.requireNonNull(deliveryId, "deliveryId == null");
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(receivedAt, "receivedAt == null");
    Objects.requireNonNull(processing, "processing == null");
    Objects.requireNonNull(source, "source == null");
    if (processing.status() == ProcessingStatus.REJECTED) {
      throw new IllegalArgumentException(
          "a rejected attempt is a RejectedDelivery, not a Delivery");
    }
  }

  /** A webhook delivery. */
  public Delivery(
      String id,
      Provider provider,
      HookId hookId,
      RepositoryId repositoryId,
      String deliveryId,
      String event,
      String action,
      Headers headers,
      byte[] body,
      boolean bodyPurged,
      Instant receivedAt,
      DeliveryProcessing processing) {
    this(
        id,
        provider,
        hookId,
        repositoryId,
        deliveryId,
        event,
        action,
        headers,
        body,
        bodyPurged,
        receivedAt,
        processing,
        DeliverySource.WEBHOOK);
  }

  /**
   * The same delivery with other headers and body: what a store attaches to a row it read without
   * them, or the copy it keeps.
   */
  public Delivery withContent(Headers headers, byte[] body, boolean bodyPurged) {
    return new Delivery(
        id,
        provider,
        hookId,
        repositoryId,
        deliveryId,
        event,
        action,
        headers,
        body,
        bodyPurged,
        receivedAt,
        processing,
        source);
  }

  /** A delivery just verified, before it is stored: received, nothing applied yet. */
  public static Delivery received(
      String id,
      Provider provider,
      HookId hookId,
      RepositoryId repositoryId,
      String deliveryId,
      String event,
      Headers headers,
      byte[] body,
      Instant receivedAt) {
    return new Delivery(
        id,
        provider,
        hookId,
        repositoryId,
        deliveryId,
        event,
        null,
        headers,
        body,
        false,
        receivedAt,
        DeliveryProcessing.RECEIVED);
  }

  /** A run caught up by the reconciler, before it is stored: received, nothing applied yet. */
  public static Delivery caughtUp(
      String id,
      Provider provider,
      HookId hookId,
      RepositoryId repositoryId,
      String deliveryId,
      String event,
      byte[] body,
      Instant receivedAt) {
    return new Delivery(
        id,
        provider,
        hookId,
        repositoryId,
        deliveryId,
        event,
        null,
        Headers.empty(),
        body,
        false,
        receivedAt,
        DeliveryProcessing.RECEIVED,
        DeliverySource.CATCH_UP);
  }

  public ProcessingStatus status() {
    return processing.status();
  }

  @Override
  public String toString() {
    return "Delivery["
        + id
        + " "
        + provider.id()
        + " hook="
        + hookId
        + " delivery="
        + deliveryId
        + " event="
        + event
        + " status="
        + processing.status()
        + " source="
        + source.wireName()
        + "]";
  }
}
