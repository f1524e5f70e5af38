package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a repository's delivery log: an authentic delivery or a rejected attempt. Never
 * carries a body or a credential.
 *
 * @param deliveryId may be {@code null} for a rejected attempt that named none
 * @param event may be {@code null} for a rejected attempt
 * @param action {@code null} until processed, or when the payload has none
 * @param signatureReason {@code null} when the signature was valid
 * @param source how it entered the inbox (a refused attempt is always a webhook)
 */
public record DeliveryEntry(
    String id,
    Provider provider,
    HookId hookId,
    String deliveryId,
    String event,
    String action,
    boolean signatureValid,
    String signatureReason,
    Instant receivedAt,
    DeliveryProcessing processing,
    DeliverySource source) {
  public DeliveryEntry {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(hookId, "hookId == null");
    Objects.requireNonNull(receivedAt, "receivedAt == null");
    Objects.requireNonNull(processing, "processing == null");
    Objects.requireNonNull(source, "source == null");
  }

  /** A webhook delivery or a refused attempt. */
  public DeliveryEntry(
      String id,
      Provider provider,
      HookId hookId,
      String deliveryId,
      String event,
      String action,
      boolean signatureValid,
      String signatureReason,
      Instant receivedAt,
      DeliveryProcessing processing) {
    this(
        id,
        provider,
        hookId,
        deliveryId,
        event,
        action,
        signatureValid,
        signatureReason,
        receivedAt,
        processing,
        DeliverySource.WEBHOOK);
  }

  public ProcessingStatus status() {
    return processing.status();
  }
}
