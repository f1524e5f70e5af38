package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a repository's delivery log: an authentic delivery or a rejected attempt. Never
 * carries a body or a credential.
 *
 * @param deliveryId may be {@code null} for a rejected attempt that named none
 * @param event may be {@code null} for a rejected attempt
 * @param signatureReason {@code null} when the signature was valid
 * @param error {@code null} unless processing failed
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
    ProcessingStatus status,
    String error,
    long durationMicros,
    Instant receivedAt) {
  public DeliveryEntry {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(hookId, "hookId == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(receivedAt, "receivedAt == null");
  }
}
