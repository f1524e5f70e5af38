package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.InboundEnvelope;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import dev.hookkeeper.core.port.InboundDecoder;
import java.util.List;
import java.util.Optional;

/**
 * One-line questions to an {@link InboundDecoder} for its own tests: which header is missing,
 * which hook, which delivery id the core will dedup by, verify and decode a whole request.
 */
public final class DecoderCalls {
  private DecoderCalls() {}

  public static Optional<String> missingHeader(InboundDecoder decoder, Headers headers) {
    InboundEnvelope e = decoder.envelope(headers);
    return e instanceof InboundEnvelope.MissingHeader m ? Optional.of(m.header()) : Optional.empty();
  }

  public static HookLocator locate(InboundDecoder decoder, Headers headers) {
    return complete(decoder, headers).hook();
  }

  public static String eventName(InboundDecoder decoder, Headers headers) {
    return complete(decoder, headers).event();
  }

  /** The dedup id: the one the headers carry, else (as the core does) the body's SHA-256. */
  public static String deliveryId(InboundDecoder decoder, InboundRequest request) {
    String id = complete(decoder, request.headers()).deliveryId();
    return id != null ? id : Sha256.hex(request.body());
  }

  public static SignatureCheck verify(InboundDecoder decoder, InboundRequest request, List<Secret> secrets) {
    return decoder.verify(request.headers(), request.body(), secrets);
  }

  public static DecodedEvent decode(InboundDecoder decoder, InboundRequest request) {
    return decoder.decode(request.headers(), request.body());
  }

  private static InboundEnvelope.Complete complete(InboundDecoder decoder, Headers headers) {
    InboundEnvelope e = decoder.envelope(headers);
    if (e instanceof InboundEnvelope.Complete c) return c;
    throw new AssertionError("headers lack " + ((InboundEnvelope.MissingHeader) e).header());
  }
}
