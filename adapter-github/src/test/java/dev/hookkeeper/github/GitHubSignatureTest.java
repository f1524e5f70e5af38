package dev.hookkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import dev.hookkeeper.core.testkit.DecoderCalls;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class GitHubSignatureTest {
  // GitHub's official vector: docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
  private static final Secret SECRET = Secret.of("It's a Secret to Everybody");
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
  private static final String EXPECTED = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  // SHA-1 of the same input (provider-facts 1.6), as GitHub's legacy header would carry it
  private static final String SHA1 = "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59";

  private final GitHubInboundDecoder decoder = new GitHubInboundDecoder();

  private SignatureCheck check(byte[] body, List<Secret> secrets, String... headers) {
    return DecoderCalls.verify(decoder, new InboundRequest(Headers.single(headers), body, "127.0.0.1", Instant.EPOCH), secrets);
  }

  @Test
  void the_test_signer_reproduces_the_official_vector() {
    assertThat(TestHmac.sha256Header(SECRET, BODY)).isEqualTo(EXPECTED);
  }

  @Test
  void accepts_the_official_vector() {
    assertThat(check(BODY, List.of(SECRET), "X-Hub-Signature-256", EXPECTED)).isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void rejects_a_missing_signature() {
    assertThat(check(BODY, List.of(SECRET), "X-GitHub-Event", "push").reason()).isEqualTo("signature_missing");
  }

  @Test
  void rejects_an_empty_signature_as_missing() {
    assertThat(check(BODY, List.of(SECRET), "X-Hub-Signature-256", "").reason()).isEqualTo("signature_missing");
  }

  @Test
  void rejects_a_delivery_signed_only_with_sha1() {
    assertThat(check(BODY, List.of(SECRET), "X-Hub-Signature", SHA1).reason()).isEqualTo("signature_sha1_only");
  }

  @Test
  void accepts_upper_case_hex_because_it_is_the_same_mac() {
    String upper = "sha256=" + EXPECTED.substring(7).toUpperCase(Locale.ROOT);
    assertThat(check(BODY, List.of(SECRET), "X-Hub-Signature-256", upper).valid()).isTrue();
  }

  @Test
  void rejects_a_truncated_signature_as_malformed() {
    String truncated = EXPECTED.substring(0, EXPECTED.length() - 2);
    assertThat(check(BODY, List.of(SECRET), "X-Hub-Signature-256", truncated).reason()).isEqualTo("signature_malformed");
  }

  @Test
  void rejects_a_wrong_prefix_or_non_hex_as_malformed() {
    assertThat(check(BODY, List.of(SECRET), "X-Hub-Signature-256", "sha1=" + EXPECTED.substring(7)).reason())
        .isEqualTo("signature_malformed");
    assertThat(check(BODY, List.of(SECRET), "X-Hub-Signature-256", "SHA256=" + EXPECTED.substring(7)).reason())
        .isEqualTo("signature_malformed");
    assertThat(check(BODY, List.of(SECRET), "X-Hub-Signature-256", EXPECTED.substring(7)).reason())
        .isEqualTo("signature_malformed");
    String nonHex = EXPECTED.substring(0, EXPECTED.length() - 1) + "g";
    assertThat(check(BODY, List.of(SECRET), "X-Hub-Signature-256", nonHex).reason()).isEqualTo("signature_malformed");
  }

  @Test
  void rejects_the_signature_of_another_body() {
    byte[] other = "Hello, World?".getBytes(StandardCharsets.UTF_8);
    assertThat(check(other, List.of(SECRET), "X-Hub-Signature-256", EXPECTED).reason()).isEqualTo("signature_mismatch");
  }

  @Test
  void rejects_a_signature_made_with_another_secret() {
    assertThat(check(BODY, List.of(Secret.of("It's a Secret to Nobody")), "X-Hub-Signature-256", EXPECTED).reason())
        .isEqualTo("signature_mismatch");
  }

  @Test
  void accepts_the_previous_secret_during_rotation() {
    List<Secret> currentThenPrevious = List.of(Secret.of("the-new-secret"), SECRET);
    assertThat(check(BODY, currentThenPrevious, "X-Hub-Signature-256", EXPECTED).valid()).isTrue();
    assertThat(check(BODY, List.of(Secret.of("the-new-secret")), "X-Hub-Signature-256", EXPECTED).valid()).isFalse();
  }

  @Test
  void verifies_the_raw_bytes_not_a_reencoding() {
    // the same JSON with other whitespace is another body, and so another signature
    byte[] compact = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] spaced = "{\"a\": 1}".getBytes(StandardCharsets.UTF_8);
    String sig = TestHmac.sha256Header(SECRET, compact);
    assertThat(check(compact, List.of(SECRET), "X-Hub-Signature-256", sig).valid()).isTrue();
    assertThat(check(spaced, List.of(SECRET), "X-Hub-Signature-256", sig).reason()).isEqualTo("signature_mismatch");
  }

  @Test
  void rejects_when_no_secret_is_accepted() {
    assertThat(check(BODY, List.of(), "X-Hub-Signature-256", EXPECTED).reason()).isEqualTo("signature_mismatch");
  }
}
