package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.InboundEnvelope;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import java.util.List;

/**
 * Reads one provider's inbound deliveries, in three steps the core calls in this order: the
 * envelope from the headers alone (before the body is read), then {@link #verify} on the raw
 * body, then — later, by the processor, from the stored delivery — {@link #decode}. Implementations
 * are stateless and thread-safe; {@link #decode} only ever sees a verified delivery.
 */
public interface InboundDecoder {

  Provider provider();

  /**
   * Which event, hook and delivery the headers name, or which required header (the event or
   * delivery header) is absent. Pure: no I/O. A hook the headers cannot name is
   * {@link dev.hookkeeper.core.model.HookLocator.Unidentifiable}, not a missing header.
   */
  InboundEnvelope envelope(Headers headers);

  /**
   * Verifies the delivery against the hook's accepted secrets (current first, then previous), on
   * the raw body bytes, in constant time.
   */
  SignatureCheck verify(Headers headers, byte[] body, List<Secret> acceptedSecrets);

  /**
   * Decodes a verified delivery. Tolerant: unknown fields are ignored, unknown events become
   * {@link dev.hookkeeper.core.model.DomainEvent.UnknownEvent}. {@code headers} may be the stored,
   * credential-free copy: decoding never needs a credential.
   *
   * @throws MalformedPayloadException when the body is not a payload of the named event
   */
  DecodedEvent decode(Headers headers, byte[] body);
}
