package dev.hookkeeper.gitlab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.InboundEnvelope;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.MalformedPayloadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * GitLab deliveries. GitLab sends no hook id: the hook is found by the SHA-256 of the plaintext
 * {@code X-Gitlab-Token} (the core's {@link Sha256}: the lookup must hash exactly as the core did
 * when it stored the hook), which is then compared in constant time with the hook's secrets. When
 * the Standard Webhooks headers are present (GitLab's signing token), that signature must verify
 * too.
 */
public final class GitLabInboundDecoder implements InboundDecoder {
  static final String EVENT = "X-Gitlab-Event";
  static final String TOKEN = "X-Gitlab-Token";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String EVENT_UUID = "X-Gitlab-Event-UUID";

  private final InstantSource clock;

  public GitLabInboundDecoder() {
    this(Clock.systemUTC());
  }

  /**
   * @param clock judges the Standard Webhooks {@code webhook-timestamp}
   */
  public GitLabInboundDecoder(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public Provider provider() {
    return Provider.GITLAB;
  }

  @Override
  public InboundEnvelope envelope(Headers headers) {
    if (!present(headers, EVENT)) return new InboundEnvelope.MissingHeader(EVENT);
    return new InboundEnvelope.Complete(
        headers.first(EVENT).orElseThrow().trim(), locate(headers), deliveryId(headers));
  }

  private static HookLocator locate(Headers headers) {
    Optional<String> token = headers.first(TOKEN).filter(t -> !t.isEmpty());
    if (token.isPresent()) return new HookLocator.ByTokenHash(Sha256.hex(token.get()));
    // A signing-token-only hook names no secret we can look up; Hookkeeper always sets a token.
    return new HookLocator.Unidentifiable(
        present(headers, StandardWebhooks.SIGNATURE)
            ? "token_missing_signature_only"
            : "token_missing");
  }

  /**
   * {@code Idempotency-Key} (GitLab 17.4+, kept on retries and resends), else {@code webhook-id}
   * (the same value, signing-token hooks), else {@code X-Gitlab-Event-UUID} (shared by recursive
   * hooks, but the dedup key includes the hook), else none: the core then dedups by the body's
   * SHA-256.
   */
  private static String deliveryId(Headers h) {
    for (String name : List.of(IDEMPOTENCY_KEY, StandardWebhooks.ID, EVENT_UUID)) {
      Optional<String> v = h.first(name).map(String::trim).filter(s -> !s.isEmpty());
      if (v.isPresent()) return v.get();
    }
    return null;
  }

  @Override
  public SignatureCheck verify(Headers h, byte[] body, List<Secret> acceptedSecrets) {
    Optional<String> token = h.first(TOKEN).filter(t -> !t.isEmpty());
    boolean signed = present(h, StandardWebhooks.SIGNATURE);
    if (token.isEmpty() && !signed) return SignatureCheck.rejected("token_missing");
    if (token.isPresent() && !tokenMatches(token.get(), acceptedSecrets)) {
      return SignatureCheck.rejected("token_mismatch");
    }
    if (signed) return StandardWebhooks.verify(h, body, acceptedSecrets, clock.instant());
    return SignatureCheck.VALID;
  }

  /** Compares digests, so neither the length nor the content of a secret leaks through timing. */
  private static boolean tokenMatches(String presented, List<Secret> secrets) {
    byte[] presentedDigest = Sha256.digest(presented.getBytes(StandardCharsets.UTF_8));
    boolean matched = false;
    for (Secret secret : secrets) {
      matched |= MessageDigest.isEqual(presentedDigest, Sha256.digest(secret.utf8()));
    }
    return matched;
  }

  @Override
  public DecodedEvent decode(Headers headers, byte[] body) {
    String event = headers.first(EVENT).orElse("").trim();
    JsonNode root = parse(body);
    String kind = root.path("object_kind").asText("");
    DomainEvent meaning;
    String action = null;
    switch (event) {
      case "Pipeline Hook":
        expectKind(kind, "pipeline", event);
        meaning = GitLabPayloads.pipeline(root);
        action = root.path("object_attributes").path("status").asText(null);
        break;
      case "Job Hook":
      case "Build Hook": // before GitLab renamed builds to jobs
        expectKind(kind, "build", event);
        meaning = GitLabPayloads.job(root);
        action = root.path("build_status").asText(null);
        break;
      case "Merge Request Hook":
        expectKind(kind, "merge_request", event);
        DomainEvent.PullRequestChanged pr = GitLabPayloads.mergeRequest(root);
        meaning = pr;
        action = pr.action();
        break;
      case "Push Hook":
        expectKind(kind, "push", event);
        meaning = GitLabPayloads.push(root, false);
        break;
      case "Tag Push Hook":
        expectKind(kind, "tag_push", event);
        meaning = GitLabPayloads.push(root, true);
        break;
      default:
        meaning = new DomainEvent.UnknownEvent(event.isEmpty() ? "unknown" : event);
    }
    return new DecodedEvent(
        event.isEmpty() ? "unknown" : event, action, GitLabPayloads.repository(root), meaning);
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode root = GitLabHttp.MAPPER.readTree(body);
      if (root == null || !root.isObject())
        throw new MalformedPayloadException("body is not a JSON object");
      return root;
    } catch (JsonProcessingException e) {
      throw new MalformedPayloadException("body is not valid JSON", e);
    } catch (IOException e) {
      throw new MalformedPayloadException("body could not be read", e);
    }
  }

  /** Header and body disagree: not a payload of the named event. An absent kind is tolerated. */
  private static void expectKind(String kind, String expected, String event) {
    if (!kind.isEmpty() && !kind.equals(expected)) {
      throw new MalformedPayloadException(
          event + " with object_kind " + kind + ", expected " + expected);
    }
  }

  private static boolean present(Headers headers, String name) {
    return headers.first(name).map(v -> !v.isBlank()).orElse(false);
  }
}
