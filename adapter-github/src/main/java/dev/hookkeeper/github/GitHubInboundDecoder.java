package dev.hookkeeper.github;

import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.InboundRequest;
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
  public Optional<String> missingHeader(Headers headers) {
    for (String name : List.of(EVENT, DELIVERY)) {
      if (headers.first(name).map(String::isBlank).orElse(true)) return Optional.of(name);
    }
    return Optional.empty();
  }

  @Override
  public HookLocator locate(Headers headers) {
    Optional<String> id = headers.first(HOOK_ID).map(String::trim);
    if (id.isEmpty()) return new HookLocator.Unidentifiable("no " + HOOK_ID + " header");
    if (!HOOK_ID_VALUE.matcher(id.get()).matches()) {
      return new HookLocator.Unidentifiable(HOOK_ID + " is not a positive number");
    }
    return new HookLocator.ByProviderHookId(id.get());
  }

  @Override
  public String eventName(Headers headers) {
    return headers.first(EVENT).map(String::trim).orElse("");
  }

  @Override
  public String deliveryId(InboundRequest request) {
    return request.headers().first(DELIVERY).map(String::trim).orElse("");
  }

  @Override
  public SignatureCheck verify(InboundRequest request, List<Secret> acceptedSecrets) {
    Objects.requireNonNull(acceptedSecrets, "acceptedSecrets == null");
    Headers h = request.headers();
    return HubSignature.verify(h.first(SIGNATURE_256).orElse(null), h.first(SIGNATURE_SHA1).orElse(null), request.body(), acceptedSecrets);
  }

  @Override
  public DecodedEvent decode(InboundRequest request) {
    String event = eventName(request.headers());
    if (event.isEmpty()) throw new MalformedPayloadException("no " + EVENT + " header");
    byte[] json = request.body();
    if (FormPayload.isForm(request.headers().first("Content-Type").orElse(null))) {
      json = FormPayload.json(json);
      if (json == null) throw new MalformedPayloadException("form-encoded " + event + " delivery has no payload field");
    }
    if (json.length == 0) throw new MalformedPayloadException(event + " delivery has an empty body");
    return reader.read(event, json);
  }
}
