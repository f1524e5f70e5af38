package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A webhook delivery exactly as it reached the ingest endpoint. The body is the raw bytes, which
 * is what provider signatures cover.
 */
public record InboundRequest(Headers headers, byte[] body, String remoteAddress, Instant receivedAt) {
  public InboundRequest {
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(remoteAddress, "remoteAddress == null");
    Objects.requireNonNull(receivedAt, "receivedAt == null");
  }

  @Override
  public String toString() {
    return "InboundRequest[" + headers + ", " + body.length + " bytes from " + remoteAddress + "]";
  }
}
