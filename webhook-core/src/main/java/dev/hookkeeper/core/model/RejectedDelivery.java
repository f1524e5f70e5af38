package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A delivery attempt on a known hook that failed authentication. Kept for signature-failure
 * forensics; it takes no dedup key and has no effect. Its body is not kept (only size and hash),
 * so forged traffic cannot fill the database.
 *
 * @param deliveryId as presented; may be {@code null}
 * @param event as presented; may be {@code null}
 * @param reason the precise {@link SignatureCheck#reason()}
 */
public record RejectedDelivery(
    String id,
    Provider provider,
    HookId hookId,
    RepositoryId repositoryId,
    String deliveryId,
    String event,
    String reason,
    Headers headers,
    int bodySize,
    String bodySha256,
    String remoteAddress,
    Instant receivedAt) {
  public RejectedDelivery {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(hookId, "hookId == null");
    Objects.requireNonNull(repositoryId, "repositoryId == null");
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(bodySha256, "bodySha256 == null");
    Objects.requireNonNull(remoteAddress, "remoteAddress == null");
    Objects.requireNonNull(receivedAt, "receivedAt == null");
  }
}
