package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.InboundEnvelope;
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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A provider-neutral {@link InboundDecoder} for tests of anything above the decoders: real
 * HMAC-SHA256 verification over the raw body (header {@code X-Signature: <hex>}, constant-time),
 * event, hook id and delivery id from headers, and decoded events scripted per body, so each test
 * states exactly what a delivery means. A test that feeds real payloads instead (a benchmark, a
 * store test on recorded deliveries) passes a {@link PayloadReader} for the bodies it did not
 * script, and keeps this verifying half rather than a copy of it. Thread-safe.
 */
public final class ScriptedInboundDecoder implements InboundDecoder {
  public static final String EVENT = "X-Event";
  public static final String DELIVERY = "X-Delivery";
  public static final String HOOK = "X-Hook-Id";
  public static final String SIGNATURE = "X-Signature";

  /**
   * What an unscripted body means; thrown {@link MalformedPayloadException}s refuse it as
   * malformed.
   */
  @FunctionalInterface
  public interface PayloadReader {
    DecodedEvent read(String event, byte[] body);
  }

  private static final PayloadReader NOTHING_BUT_THE_SCRIPT =
      (event, body) -> {
        throw new MalformedPayloadException("not a payload this test scripted");
      };

  private final Provider provider;
  private final PayloadReader reader;
  private final Map<String, DecodedEvent> meanings = new ConcurrentHashMap<>();

  /** Bodies mean what {@link #script} says, and nothing else decodes. */
  public ScriptedInboundDecoder(Provider provider) {
    this(provider, NOTHING_BUT_THE_SCRIPT);
  }

  /** Scripted bodies first; every other body is read by {@code reader}. */
  public ScriptedInboundDecoder(Provider provider, PayloadReader reader) {
    this.provider = Objects.requireNonNull(provider, "provider == null");
    this.reader = Objects.requireNonNull(reader, "reader == null");
  }

  /** Declares what a body means. */
  public void script(String body, DecodedEvent meaning) {
    meanings.put(body, meaning);
  }

  /** The {@value #SIGNATURE} header value for {@code body} under {@code secret}. */
  public static String sign(Secret secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.utf8(), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The headers of a delivery signed with {@code secret}. */
  public static Headers signedHeaders(
      String event, String deliveryId, String providerHookId, Secret secret, byte[] body) {
    return Headers.single(
        EVENT, event, DELIVERY, deliveryId, HOOK, providerHookId, SIGNATURE, sign(secret, body));
  }

  @Override
  public Provider provider() {
    return provider;
  }

  @Override
  public InboundEnvelope envelope(Headers headers) {
    if (!headers.contains(EVENT)) return new InboundEnvelope.MissingHeader(EVENT);
    if (!headers.contains(DELIVERY)) return new InboundEnvelope.MissingHeader(DELIVERY);
    HookLocator hook =
        headers
            .first(HOOK)
            .<HookLocator>map(HookLocator.ByProviderHookId::new)
            .orElse(new HookLocator.Unidentifiable("hook_id_missing"));
    return new InboundEnvelope.Complete(
        headers.first(EVENT).orElseThrow(), hook, headers.first(DELIVERY).orElseThrow());
  }

  @Override
  public SignatureCheck verify(Headers headers, byte[] body, List<Secret> acceptedSecrets) {
    Optional<String> presented = headers.first(SIGNATURE);
    if (presented.isEmpty()) return SignatureCheck.rejected("signature_missing");
    byte[] given = presented.get().getBytes(StandardCharsets.US_ASCII);
    boolean matched = false;
    for (Secret secret : acceptedSecrets) {
      matched |=
          MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII), given);
    }
    return matched ? SignatureCheck.VALID : SignatureCheck.rejected("signature_mismatch");
  }

  @Override
  public DecodedEvent decode(Headers headers, byte[] body) {
    DecodedEvent meaning =
        meanings.isEmpty() ? null : meanings.get(new String(body, StandardCharsets.UTF_8));
    return meaning != null ? meaning : reader.read(headers.first(EVENT).orElse(""), body);
  }
}
