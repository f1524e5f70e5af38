package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.MalformedPayloadException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A provider-neutral decoder for use-case tests: real HMAC-SHA256 verification over the raw body
 * (header {@code X-Signature: <hex>}), hook id and delivery id from headers, and decoded events
 * scripted per body, so each test states exactly what a delivery means.
 */
final class ScriptedInboundDecoder implements InboundDecoder {
  static final String EVENT = "X-Event";
  static final String DELIVERY = "X-Delivery";
  static final String HOOK = "X-Hook-Id";
  static final String SIGNATURE = "X-Signature";

  private final Provider provider;
  private final Map<String, DecodedEvent> meanings = new ConcurrentHashMap<>();

  ScriptedInboundDecoder(Provider provider) {
    this.provider = provider;
  }

  /** Declares what a body means; bodies never scripted are malformed. */
  void script(String body, DecodedEvent meaning) {
    meanings.put(body, meaning);
  }

  static String sign(Secret secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.utf8(), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public Provider provider() {
    return provider;
  }

  @Override
  public Optional<String> missingHeader(Headers headers) {
    if (!headers.contains(EVENT)) return Optional.of(EVENT);
    if (!headers.contains(DELIVERY)) return Optional.of(DELIVERY);
    return Optional.empty();
  }

  @Override
  public HookLocator locate(Headers headers) {
    return headers.first(HOOK)
        .<HookLocator>map(HookLocator.ByProviderHookId::new)
        .orElse(new HookLocator.Unidentifiable("hook_id_missing"));
  }

  @Override
  public String eventName(Headers headers) {
    return headers.first(EVENT).orElse("");
  }

  @Override
  public String deliveryId(InboundRequest request) {
    return request.headers().first(DELIVERY).orElse("");
  }

  @Override
  public SignatureCheck verify(InboundRequest request, List<Secret> acceptedSecrets) {
    Optional<String> presented = request.headers().first(SIGNATURE);
    if (presented.isEmpty()) return SignatureCheck.rejected("signature_missing");
    byte[] given = presented.get().getBytes(StandardCharsets.US_ASCII);
    for (Secret secret : acceptedSecrets) {
      byte[] expected = sign(secret, request.body()).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, given)) return SignatureCheck.VALID;
    }
    return SignatureCheck.rejected("signature_mismatch");
  }

  @Override
  public DecodedEvent decode(InboundRequest request) {
    DecodedEvent meaning = meanings.get(new String(request.body(), StandardCharsets.UTF_8));
    if (meaning == null) throw new MalformedPayloadException("not a payload this test scripted");
    return meaning;
  }
}
