package dev.hookkeeper.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The headers GitHub or GitLab send with a delivery of {@code body} (provider-facts.md 1.5 and
 * 2.2), signed here with the hook's secret as the provider signs it, independently of the verifiers
 * in the adapters. GitHub: {@code X-Hub-Signature-256} (and the SHA-1 one it still sends), {@code
 * X-GitHub-Event}, {@code X-GitHub-Delivery}, {@code X-GitHub-Hook-ID}, the installation target and
 * {@code User-Agent: GitHub-Hookshot/…}. GitLab: the secret in clear in {@code X-Gitlab-Token},
 * {@code X-Gitlab-Event}, the event, webhook and idempotency UUIDs, {@code X-Gitlab-Instance} and
 * {@code User-Agent: GitLab/…}.
 */
final class ProviderDelivery {
  /** GitHub's agent carries a short build hash; the value is what a recorded delivery showed. */
  static final String GITHUB_AGENT = "GitHub-Hookshot/b8c71d8";

  static final String GITLAB_AGENT = "GitLab/18.10.0";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProviderDelivery() {}

  /**
   * @param hookId GitHub's hook id, {@code null} to leave the header out
   * @param deliveryId the delivery's id (GitHub's GUID, GitLab's Idempotency-Key); {@code null} for
   *     a new one
   */
  static Map<String, String> headers(
      String provider, String event, byte[] body, String secret, Long hookId, String deliveryId) {
    Objects.requireNonNull(secret, "secret == null");
    String id = deliveryId != null ? deliveryId : UUID.randomUUID().toString();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (provider.equals("github")) {
      headers.put("User-Agent", GITHUB_AGENT);
      headers.put("X-GitHub-Event", event);
      headers.put("X-GitHub-Delivery", id);
      if (hookId != null) headers.put("X-GitHub-Hook-ID", Long.toString(hookId));
      String repositoryId = payload(body).path("repository").path("id").asText("");
      if (!repositoryId.isEmpty()) {
        headers.put("X-GitHub-Hook-Installation-Target-Type", "repository");
        headers.put("X-GitHub-Hook-Installation-Target-ID", repositoryId);
      }
      headers.put("X-Hub-Signature", "sha1=" + hmac("HmacSHA1", secret, body));
      headers.put("X-Hub-Signature-256", "sha256=" + hmac("HmacSHA256", secret, body));
    } else if (provider.equals("gitlab")) {
      headers.put("User-Agent", GITLAB_AGENT);
      headers.put("X-Gitlab-Event", event);
      headers.put("X-Gitlab-Token", secret);
      headers.put("X-Gitlab-Event-UUID", UUID.randomUUID().toString());
      headers.put("X-Gitlab-Webhook-UUID", UUID.randomUUID().toString());
      headers.put("Idempotency-Key", id);
      String instance = instance(payload(body).path("project").path("web_url").asText(""));
      if (instance != null) headers.put("X-Gitlab-Instance", instance);
    } else {
      throw new IllegalArgumentException("provider must be github or gitlab");
    }
    return headers;
  }

  /** The delivery id the headers carry (GitHub's GUID, GitLab's Idempotency-Key). */
  static String deliveryId(Map<String, String> headers) {
    return headers.getOrDefault("X-GitHub-Delivery", headers.get("Idempotency-Key"));
  }

  private static JsonNode payload(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  /** {@code https://gitlab.example.com} from a project's {@code web_url}. */
  private static String instance(String webUrl) {
    try {
      URI uri = URI.create(webUrl);
      if (uri.getScheme() == null || uri.getHost() == null) return null;
      return uri.getScheme()
          + "://"
          + uri.getHost()
          + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String hmac(String algorithm, String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is unavailable", e);
    }
  }
}
