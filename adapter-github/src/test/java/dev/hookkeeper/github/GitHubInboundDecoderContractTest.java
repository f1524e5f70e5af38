package dev.hookkeeper.github;

import dev.hookkeeper.core.contract.InboundDecoderContract;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.InboundDecoder;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The GitHub decoder holds the decoder contract on real GitHub payloads, signed here with the JDK's
 * own HMAC (not the adapter's), with the headers GitHub sends.
 */
class GitHubInboundDecoderContractTest extends InboundDecoderContract {
  private final GitHubInboundDecoder decoder = new GitHubInboundDecoder();

  @Override
  protected InboundDecoder decoder() {
    return decoder;
  }

  @Override
  protected Headers headersFor(String event, String deliveryId, byte[] body, Secret secret) {
    return Headers.single("X-GitHub-Event", event, "X-GitHub-Delivery", deliveryId, "X-GitHub-Hook-ID", "12345678",
        "X-GitHub-Hook-Installation-Target-Type", "repository", "User-Agent", "GitHub-Hookshot/b8c71d8",
        "Content-Type", "application/json", "X-Hub-Signature-256", "sha256=" + hmacSha256Hex(secret, body));
  }

  @Override
  protected List<String> requiredHeaders() {
    return List.of("X-GitHub-Event", "X-GitHub-Delivery");
  }

  @Override
  protected String hookHeader() {
    return "X-GitHub-Hook-ID";
  }

  @Override
  protected Sample actedOn() {
    return new Sample("workflow_run", Fixtures.bytes("workflow_run/completed.json"), 300029405L);
  }

  @Override
  protected Sample notActedOn() {
    return new Sample("deployment", Fixtures.bytes("deployment.json"), 0);
  }

  @Override
  protected String notActedOnEventName() {
    return "deployment";
  }

  private static String hmacSha256Hex(Secret secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.utf8(), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
