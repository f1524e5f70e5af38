package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitLab's signing-token scheme, which follows Standard Webhooks: {@code webhook-signature: v1,<base64
 * HMAC-SHA256(key, id + "." + timestamp + "." + body)>}, several space-separated signatures allowed,
 * {@code webhook-timestamp} in epoch seconds within {@link #TOLERANCE} of now.
 *
 * <p>Key derivation: a secret of the form {@code whsec_<base64>} (GitLab's {@code signing_token}
 * format) signs with the base64-decoded bytes, as the Standard Webhooks spec says; any other secret
 * signs with its raw UTF-8 bytes.
 */
final class StandardWebhooks {
  static final Duration TOLERANCE = Duration.ofMinutes(5);
  static final String ID = "webhook-id";
  static final String TIMESTAMP = "webhook-timestamp";
  static final String SIGNATURE = "webhook-signature";
  private static final String PREFIX = "whsec_";

  private StandardWebhooks() {}

  static SignatureCheck verify(Headers headers, byte[] body, List<Secret> secrets, Instant now) {
    String id = headers.first(ID).orElse("");
    String timestamp = headers.first(TIMESTAMP).orElse("");
    String signatures = String.join(" ", headers.all(SIGNATURE));
    if (id.isBlank() || timestamp.isBlank()) return SignatureCheck.rejected("signature_malformed");
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return SignatureCheck.rejected("signature_malformed");
    }
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      return SignatureCheck.rejected("timestamp_out_of_range");
    }
    boolean sawV1 = false;
    boolean matched = false;
    for (String candidate : signatures.trim().split("\\s+")) {
      if (!candidate.startsWith("v1,")) continue;
      byte[] presented;
      try {
        presented = Base64.getDecoder().decode(candidate.substring(3));
      } catch (IllegalArgumentException e) {
        continue;
      }
      sawV1 = true;
      for (Secret secret : secrets) {
        // No early exit: the time taken does not reveal which secret, if any, matched.
        matched |= MessageDigest.isEqual(presented, mac(signingKey(secret), id, timestamp.trim(), body));
      }
    }
    if (!sawV1) return SignatureCheck.rejected("signature_malformed");
    return matched ? SignatureCheck.VALID : SignatureCheck.rejected("signature_mismatch");
  }

  /** The HMAC key a secret stands for (see the class comment). */
  static byte[] signingKey(Secret secret) {
    String value = secret.reveal();
    if (value.startsWith(PREFIX)) {
      try {
        return Base64.getDecoder().decode(value.substring(PREFIX.length()));
      } catch (IllegalArgumentException notBase64) {
        return secret.utf8();
      }
    }
    return secret.utf8();
  }


  static byte[] mac(byte[] key, String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
