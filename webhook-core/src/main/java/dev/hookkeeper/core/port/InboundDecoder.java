package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import java.util.List;
import java.util.Optional;

/**
 * Reads one provider's inbound deliveries: which hook, which delivery, authentic or not, and what
 * it means. Called in that order; {@link #decode} only ever sees a verified request.
 */
public interface InboundDecoder {

  Provider provider();

  /**
   * The name of a required header that is absent (the event or delivery header), or empty. Such a
   * request is not a delivery at all and is refused before any lookup.
   */
  Optional<String> missingHeader(Headers headers);

  /** How the request names its hook. Pure: no I/O. */
  HookLocator locate(Headers headers);

  /** The provider's event name from the headers, e.g. {@code workflow_run}, {@code Pipeline Hook}. */
  String eventName(Headers headers);

  /**
   * The dedup id of this delivery: stable across the provider's redeliveries of the same event to
   * the same hook.
   */
  String deliveryId(InboundRequest request);

  /**
   * Verifies the request against the hook's accepted secrets (current first, then previous), on
   * the raw body bytes, in constant time.
   */
  SignatureCheck verify(InboundRequest request, List<Secret> acceptedSecrets);

  /**
   * Decodes a verified request. Tolerant: unknown fields are ignored, unknown events become
   * {@link dev.hookkeeper.core.model.DomainEvent.UnknownEvent}.
   *
   * @throws MalformedPayloadException when the body is not a payload of the named event
   */
  DecodedEvent decode(InboundRequest request);
}
