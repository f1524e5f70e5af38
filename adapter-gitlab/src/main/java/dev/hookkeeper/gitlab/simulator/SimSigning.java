package dev.hookkeeper.gitlab.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitLab's signing token (Standard Webhooks, provider-facts 0.14): {@code webhook-signature:
 * v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>}, the key being the base64 after
 * {@code whsec_}. Written here, apart from the adapter's verifier, so the two are checked against
 * each other and not each against itself.
 */
final class SimSigning {
  private SimSigning() {}

  static String signature(String signingToken, String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(signingToken), "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new AssertionError("HmacSHA256 unavailable", e);
    }
  }

  /** {@code whsec_<base64>} signs with the decoded bytes (the spec); anything else with its UTF-8. */
  private static byte[] key(String signingToken) {
    if (signingToken.startsWith("whsec_")) {
      try {
        return Base64.getDecoder().decode(signingToken.substring("whsec_".length()));
      } catch (IllegalArgumentException notBase64) {
        return signingToken.getBytes(StandardCharsets.UTF_8);
      }
    }
    return signingToken.getBytes(StandardCharsets.UTF_8);
  }
}
