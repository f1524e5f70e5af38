package dev.hookkeeper.github;

import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.InboundEnvelope;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.MalformedPayloadException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads GitHub webhook deliveries: the hook from {@code X-GitHub-Hook-ID}, the delivery from
 * {@code X-GitHub-Delivery} (one GUID per event, shared by every hook and kept on redelivery, so it
 * dedups only together with the hook id), {@code X-Hub-Signature-256} over the raw bytes, and the
 * JSON (or form-wrapped JSON) payload. Stateless and thread-safe.
 */
public final class GitHubInboundDecoder implements InboundDecoder {
  static final String EVENT = "X-GitHub-Event";
  static final String DELIVERY = "X-GitHub-Delivery";
  static final String HOOK_ID = "X-GitHub-Hook-ID";
  static final String SIGNATURE_256 = "X-Hub-Signature-256";
  static final String SIGNATURE_SHA1 = "X-Hub-Signature";
  private static final Pattern HOOK_ID_VALUE = Pattern.compile("[1-9][0-9]{0,18}");

  private final GitHubEventReader reader = new GitHubEventReader();

  @Override
  public Provider provider() {
    return Provider.GITHUB;
  }

  @Override
  public InboundEnvelope envelope(Headers headers) {
    for (String name : List.of(EVENT, DELIVERY)) {
      if (headers.first(name).map(String::isBlank).orElse(true)) return new InboundEnvelope.MissingHeader(name);
    }
    return new InboundEnvelope.Complete(headers.first(EVENT).orElseThrow().trim(), locate(headers),
        headers.first(DELIVERY).orElseThrow().trim());
  }

  private static HookLocator locate(Headers headers) {
    Optional<String> id = headers.first(HOOK_ID).map(String::trim);
    if (id.isEmpty()) return new HookLocator.Unidentifiable("no " + HOOK_ID + " header");
    if (!HOOK_ID_VALUE.matcher(id.get()).matches()) {
      return new HookLocator.Unidentifiable(HOOK_ID + " is not a positive number");
    }
    return new HookLocator.ByProviderHookId(id.get());
  }

  @Override
  public SignatureCheck verify(Headers headers, byte[] body, List<Secret> acceptedSecrets) {
    Objects.requireNonNull(acceptedSecrets, "acceptedSecrets == null");
    return HubSignature.verify(headers.first(SIGNATURE_256).orElse(null), headers.first(SIGNATURE_SHA1).orElse(null),
        body, acceptedSecrets);
  }

  @Override
  public DecodedEvent decode(Headers headers, byte[] body) {
    String event = headers.first(EVENT).map(String::trim).orElse("");
    if (event.isEmpty()) throw new MalformedPayloadException("no " + EVENT + " header");
    byte[] json = body;
    if (FormPayload.isForm(headers.first("Content-Type").orElse(null))) {
      json = FormPayload.json(json);
      if (json == null) throw new MalformedPayloadException("form-encoded " + event + " delivery has no payload field");
    }
    if (json.length == 0) throw new MalformedPayloadException(event + " delivery has an empty body");
    return reader.read(event, json);
  }
}
