package dev.hookkeeper.core.model;

import java.util.Objects;

/**
 * What a delivery's headers say before its body is read: which event, which hook, which delivery
 * — or which required header is missing. Read first, so that a request naming no known hook is
 * answered without reading (or holding) its body.
 */
public sealed interface InboundEnvelope {

  /**
   * @param deliveryId the provider's delivery id; {@code null} when the headers carry none, in which
   *     case the delivery is deduplicated by the SHA-256 of its body
   */
  record Complete(String event, HookLocator hook, String deliveryId) implements InboundEnvelope {
    public Complete {
      Objects.requireNonNull(event, "event == null");
      Objects.requireNonNull(hook, "hook == null");
    }
  }

  /** Not a delivery at all: a required header is absent. */
  record MissingHeader(String header) implements InboundEnvelope {
    public MissingHeader {
      Objects.requireNonNull(header, "header == null");
    }
  }
}
