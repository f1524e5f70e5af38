package dev.hookkeeper.github.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature headers GitHub puts on a delivery to a hook with a secret: {@code X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256(secret, body)>} and the legacy {@code X-Hub-Signature: sha1=<hex
 * HMAC-SHA1>} (provider-facts 1.5, 1.6). Written here, apart from the adapter's verifier, so that
 * the adapter's verification is tested against an independent signer, not against itself.
 */
final class HookshotSignatures {
  private HookshotSignatures() {}

  static String sha256(String secret, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", secret, body));
  }

  static String sha1(String secret, byte[] body) {
    return "sha1=" + HexFormat.of().formatHex(hmac("HmacSHA1", secret, body));
  }

  private static byte[] hmac(String algorithm, String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      // both algorithms are mandatory on every Java SE platform, and any non-empty key is valid
      throw new AssertionError(algorithm + " unavailable", e);
    }
  }
}
