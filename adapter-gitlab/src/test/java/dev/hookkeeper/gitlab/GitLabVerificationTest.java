package dev.hookkeeper.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import dev.hookkeeper.core.testkit.DecoderCalls;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** {@code X-Gitlab-Token} and Standard Webhooks ({@code webhook-signature}) verification. */
final class GitLabVerificationTest {
  // Standard Webhooks specification test vector (github.com/standard-webhooks/standard-webhooks).
  private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final String VECTOR_TIMESTAMP = "1614265330";
  private static final byte[] VECTOR_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  private static final Instant VECTOR_NOW = Instant.ofEpochSecond(1614265330);

  private static final Secret CURRENT = Secret.of("current-secret-0123456789");
  private static final Secret PREVIOUS = Secret.of("previous-secret-0123456789");
  private final GitLabInboundDecoder decoder = new GitLabInboundDecoder(InstantSource.fixed(VECTOR_NOW));

  private static InboundRequest request(byte[] body, String... headers) {
    List<String> all = new ArrayList<>(List.of("X-Gitlab-Event", "Push Hook"));
    all.addAll(List.of(headers));
    return new InboundRequest(Headers.single(all.toArray(String[]::new)), body, "127.0.0.1", VECTOR_NOW);
  }

  private static InboundRequest tokenRequest(String token) {
    return request("{}".getBytes(StandardCharsets.UTF_8), "X-Gitlab-Token", token);
  }

  @Test
  void accepts_the_current_or_the_previous_token() {
    assertThat(DecoderCalls.verify(decoder, tokenRequest(CURRENT.reveal()), List.of(CURRENT, PREVIOUS))).isEqualTo(SignatureCheck.VALID);
    assertThat(DecoderCalls.verify(decoder, tokenRequest(PREVIOUS.reveal()), List.of(CURRENT, PREVIOUS))).isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void rejects_a_wrong_token_including_a_prefix_of_the_right_one() {
    assertThat(DecoderCalls.verify(decoder, tokenRequest("current-secret"), List.of(CURRENT)).reason()).isEqualTo("token_mismatch");
    assertThat(DecoderCalls.verify(decoder, tokenRequest(CURRENT.reveal() + "x"), List.of(CURRENT)).reason()).isEqualTo("token_mismatch");
    assertThat(DecoderCalls.verify(decoder, tokenRequest(CURRENT.reveal()), List.of()).reason()).isEqualTo("token_mismatch");
  }

  @Test
  void rejects_a_missing_or_empty_token() {
    assertThat(DecoderCalls.verify(decoder, request(new byte[0]), List.of(CURRENT)).reason()).isEqualTo("token_missing");
    assertThat(DecoderCalls.verify(decoder, tokenRequest(""), List.of(CURRENT)).reason()).isEqualTo("token_missing");
  }

  @Test
  void locates_the_hook_by_the_sha256_of_the_token() {
    HookLocator located = DecoderCalls.locate(decoder, Headers.single("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "abc"));

    assertThat(located).isEqualTo(new HookLocator.ByTokenHash(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    assertThat(DecoderCalls.locate(decoder, Headers.single("X-Gitlab-Event", "Push Hook"))).isEqualTo(new HookLocator.Unidentifiable("token_missing"));
    assertThat(DecoderCalls.locate(decoder, Headers.single("X-Gitlab-Event", "Push Hook", "webhook-signature", VECTOR_SIGNATURE)))
        .isInstanceOf(HookLocator.Unidentifiable.class);
  }

  @Test
  void verifies_the_standard_webhooks_test_vector_with_a_whsec_secret() {
    Secret secret = Secret.of(VECTOR_SECRET);
    InboundRequest signed = request(VECTOR_BODY, "X-Gitlab-Token", VECTOR_SECRET,
        "webhook-id", VECTOR_ID, "webhook-timestamp", VECTOR_TIMESTAMP, "webhook-signature", VECTOR_SIGNATURE);

    assertThat(DecoderCalls.verify(decoder, signed, List.of(secret))).isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void a_signature_alone_verifies_without_a_token() {
    InboundRequest signed = request(VECTOR_BODY,
        "webhook-id", VECTOR_ID, "webhook-timestamp", VECTOR_TIMESTAMP, "webhook-signature", VECTOR_SIGNATURE);

    assertThat(DecoderCalls.verify(decoder, signed, List.of(Secret.of(VECTOR_SECRET)))).isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void accepts_any_one_of_several_space_separated_signatures() {
    String several = "v1,bm9wZQ== v1a,ignored " + VECTOR_SIGNATURE;
    InboundRequest signed = request(VECTOR_BODY, "webhook-id", VECTOR_ID, "webhook-timestamp", VECTOR_TIMESTAMP,
        "webhook-signature", several);

    assertThat(DecoderCalls.verify(decoder, signed, List.of(CURRENT, Secret.of(VECTOR_SECRET)))).isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void rejects_a_tampered_body_or_id() {
    Secret secret = Secret.of(VECTOR_SECRET);
    InboundRequest tamperedBody = request("{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8),
        "webhook-id", VECTOR_ID, "webhook-timestamp", VECTOR_TIMESTAMP, "webhook-signature", VECTOR_SIGNATURE);
    InboundRequest tamperedId = request(VECTOR_BODY,
        "webhook-id", "msg_other", "webhook-timestamp", VECTOR_TIMESTAMP, "webhook-signature", VECTOR_SIGNATURE);

    assertThat(DecoderCalls.verify(decoder, tamperedBody, List.of(secret)).reason()).isEqualTo("signature_mismatch");
    assertThat(DecoderCalls.verify(decoder, tamperedId, List.of(secret)).reason()).isEqualTo("signature_mismatch");
  }

  @Test
  void a_valid_token_does_not_excuse_a_bad_signature() {
    InboundRequest signed = request(VECTOR_BODY, "X-Gitlab-Token", CURRENT.reveal(),
        "webhook-id", VECTOR_ID, "webhook-timestamp", VECTOR_TIMESTAMP, "webhook-signature", VECTOR_SIGNATURE);

    assertThat(DecoderCalls.verify(decoder, signed, List.of(CURRENT)).reason()).isEqualTo("signature_mismatch");
  }

  @Test
  void rejects_a_timestamp_more_than_five_minutes_away() {
    Secret secret = Secret.of(VECTOR_SECRET);
    InboundRequest signed = request(VECTOR_BODY,
        "webhook-id", VECTOR_ID, "webhook-timestamp", VECTOR_TIMESTAMP, "webhook-signature", VECTOR_SIGNATURE);
    GitLabInboundDecoder late = new GitLabInboundDecoder(InstantSource.fixed(VECTOR_NOW.plusSeconds(301)));
    GitLabInboundDecoder early = new GitLabInboundDecoder(InstantSource.fixed(VECTOR_NOW.minusSeconds(301)));
    GitLabInboundDecoder justInTime = new GitLabInboundDecoder(InstantSource.fixed(VECTOR_NOW.plusSeconds(300)));

    assertThat(DecoderCalls.verify(late, signed, List.of(secret)).reason()).isEqualTo("timestamp_out_of_range");
    assertThat(DecoderCalls.verify(early, signed, List.of(secret)).reason()).isEqualTo("timestamp_out_of_range");
    assertThat(DecoderCalls.verify(justInTime, signed, List.of(secret))).isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void rejects_malformed_signature_headers() {
    Secret secret = Secret.of(VECTOR_SECRET);
    InboundRequest noId = request(VECTOR_BODY, "webhook-timestamp", VECTOR_TIMESTAMP, "webhook-signature", VECTOR_SIGNATURE);
    InboundRequest badTimestamp = request(VECTOR_BODY, "webhook-id", VECTOR_ID, "webhook-timestamp", "yesterday",
        "webhook-signature", VECTOR_SIGNATURE);
    InboundRequest noV1 = request(VECTOR_BODY, "webhook-id", VECTOR_ID, "webhook-timestamp", VECTOR_TIMESTAMP,
        "webhook-signature", "v1a,abc");

    assertThat(DecoderCalls.verify(decoder, noId, List.of(secret)).reason()).isEqualTo("signature_malformed");
    assertThat(DecoderCalls.verify(decoder, badTimestamp, List.of(secret)).reason()).isEqualTo("signature_malformed");
    assertThat(DecoderCalls.verify(decoder, noV1, List.of(secret)).reason()).isEqualTo("signature_malformed");
  }

  @Test
  void a_secret_without_the_whsec_prefix_signs_with_its_raw_bytes() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(CURRENT.utf8(), "HmacSHA256"));
    byte[] sig = mac.doFinal((VECTOR_ID + "." + VECTOR_TIMESTAMP + "." + new String(VECTOR_BODY, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8));
    InboundRequest signed = request(VECTOR_BODY, "X-Gitlab-Token", CURRENT.reveal(), "webhook-id", VECTOR_ID,
        "webhook-timestamp", VECTOR_TIMESTAMP, "webhook-signature", "v1," + Base64.getEncoder().encodeToString(sig));

    assertThat(DecoderCalls.verify(decoder, signed, List.of(CURRENT))).isEqualTo(SignatureCheck.VALID);
  }
}
