package dev.hookkeeper.github;

import dev.hookkeeper.core.model.Secret;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs test bodies straight with the JDK, so the adapter's verifier is never checked against its
 * own code. Checked against GitHub's official vector in {@code GitHubSignatureTest}.
 */
final class TestHmac {
  private TestHmac() {}

  /** {@code sha256=<hex HMAC-SHA256>}, as GitHub sends it in {@code X-Hub-Signature-256}. */
  static String sha256Header(Secret secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.utf8(), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
