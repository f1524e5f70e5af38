package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.InboundEnvelope;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.MalformedPayloadException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link InboundDecoder} must do, on the provider's real payloads and headers: read the
 * envelope from the headers alone, verify the raw bytes against the current and the previous
 * secret, refuse a tampered body, decode what it acts on and store-but-ignore what it does not.
 */
public abstract class InboundDecoderContract {
  protected static final Secret SECRET = Secret.of("contract-secret-0123456789abcdef0123456789");
  protected static final Secret PREVIOUS = Secret.of("contract-previous-0123456789abcdef012345678");

  /** A real delivery body and the event it is sent as. */
  public record Sample(String event, byte[] body, long providerRepoId) {}

  protected abstract InboundDecoder decoder();

  /** The headers the provider sends with {@code body} for a hook whose secret is {@code secret}. */
  protected abstract Headers headersFor(String event, String deliveryId, byte[] body, Secret secret);

  /** Headers without which a request is not a delivery at all, as their provider names them. */
  protected abstract List<String> requiredHeaders();

  /** The header that says which hook a delivery is for (GitHub's hook id, GitLab's token). */
  protected abstract String hookHeader();

  /** A real payload of an event Hookkeeper acts on (a workflow run or pipeline that changed). */
  protected abstract Sample actedOn();

  /** A real payload of an event Hookkeeper stores but does not act on. */
  protected abstract Sample notActedOn();

  /** The event header value of {@link #notActedOn()}'s kind, as the decoder reports it. */
  protected abstract String notActedOnEventName();

  @Test
  void the_envelope_names_event_hook_and_delivery_from_the_headers_alone() {
    Sample s = actedOn();
    InboundEnvelope envelope = decoder().envelope(headersFor(s.event(), "delivery-1", s.body(), SECRET));

    assertThat(envelope).isInstanceOf(InboundEnvelope.Complete.class);
    InboundEnvelope.Complete complete = (InboundEnvelope.Complete) envelope;
    assertThat(complete.event()).isEqualTo(s.event());
    assertThat(complete.deliveryId()).isEqualTo("delivery-1");
    assertThat(complete.hook()).isNotInstanceOf(HookLocator.Unidentifiable.class);
  }

  @Test
  void each_missing_required_header_is_named() {
    Sample s = actedOn();
    Headers full = headersFor(s.event(), "delivery-2", s.body(), SECRET);
    for (String required : requiredHeaders()) {
      assertThat(decoder().envelope(without(full, required)))
          .as("without %s", required).isEqualTo(new InboundEnvelope.MissingHeader(required));
    }
  }

  @Test
  void a_delivery_naming_no_hook_is_unidentifiable_not_malformed() {
    Sample s = actedOn();
    InboundEnvelope envelope = decoder().envelope(without(headersFor(s.event(), "d-3", s.body(), SECRET), hookHeader()));

    assertThat(envelope).isInstanceOf(InboundEnvelope.Complete.class);
    assertThat(((InboundEnvelope.Complete) envelope).hook()).isInstanceOf(HookLocator.Unidentifiable.class);
  }

  @Test
  void verifies_the_raw_body_with_the_current_secret() {
    Sample s = actedOn();
    Headers headers = headersFor(s.event(), "d-4", s.body(), SECRET);

    assertThat(decoder().verify(headers, s.body(), List.of(SECRET))).isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void accepts_the_previous_secret_during_a_rotation() {
    Sample s = actedOn();
    Headers headers = headersFor(s.event(), "d-5", s.body(), PREVIOUS);

    assertThat(decoder().verify(headers, s.body(), List.of(SECRET, PREVIOUS)).valid()).isTrue();
    assertThat(decoder().verify(headers, s.body(), List.of(SECRET)).valid()).as("once it is retired").isFalse();
  }

  @Test
  void refuses_another_secret_and_says_why() {
    Sample s = actedOn();
    Headers headers = headersFor(s.event(), "d-6", s.body(), Secret.of("someone-else-entirely-0123456789abcdef"));

    SignatureCheck check = decoder().verify(headers, s.body(), List.of(SECRET));

    assertThat(check.valid()).isFalse();
    assertThat(check.reason()).isNotBlank();
  }

  @Test
  void refuses_a_tampered_body() {
    Sample s = actedOn();
    Headers headers = headersFor(s.event(), "d-7", s.body(), SECRET);
    byte[] tampered = s.body().clone();
    tampered[tampered.length / 2] ^= 0x01;

    assertThat(decoder().verify(headers, tampered, List.of(SECRET)).valid()).isEqualTo(!bodyIsSigned());
  }

  /** Whether the provider's credential covers the body (an HMAC); a plain token (classic GitLab) does not. */
  protected boolean bodyIsSigned() {
    return true;
  }

  @Test
  void decodes_what_it_acts_on_and_names_the_repository() {
    Sample s = actedOn();

    DecodedEvent decoded = decoder().decode(headersFor(s.event(), "d-8", s.body(), SECRET).withoutCredentials(), s.body());

    assertThat(decoded.meaning()).isNotInstanceOf(DomainEvent.UnknownEvent.class);
    assertThat(decoded.repository()).isNotNull();
    assertThat(decoded.repository().providerRepoId()).isEqualTo(s.providerRepoId());
  }

  @Test
  void an_event_it_does_not_act_on_decodes_as_unknown() {
    Sample s = notActedOn();

    DecodedEvent decoded = decoder().decode(headersFor(s.event(), "d-9", s.body(), SECRET).withoutCredentials(), s.body());

    assertThat(decoded.meaning()).isEqualTo(new DomainEvent.UnknownEvent(notActedOnEventName()));
  }

  @Test
  void a_body_that_is_not_a_payload_is_malformed() {
    Sample s = actedOn();
    byte[] garbage = "{\"truncated\": ".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> decoder().decode(headersFor(s.event(), "d-10", garbage, SECRET).withoutCredentials(), garbage))
        .isInstanceOf(MalformedPayloadException.class);
  }

  protected static Headers without(Headers headers, String name) {
    Map<String, List<String>> copy = new LinkedHashMap<>(headers.asMap());
    copy.remove(name.toLowerCase(java.util.Locale.ROOT));
    return Headers.of(copy);
  }
}
