package dev.hookkeeper.github;

import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's {@code X-Hub-Signature-256}: {@code sha256=} and the lower-case hex HMAC-SHA256 of the
 * raw body under the hook's secret. The hex is decoded and the 32 bytes compared in constant time,
 * so upper-case hex (never sent by GitHub, but the same MAC) is accepted; anything that is not
 * {@code sha256=} plus exactly 64 hex digits is malformed.
 */
final class HubSignature {
  static final String PREFIX = "sha256=";
  private static final int HEX_LENGTH = 64;

  /**
   * One per thread: {@code Mac.getInstance} looks the algorithm up among the providers every time.
   */
  private static final ThreadLocal<Mac> MACS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (NoSuchAlgorithmException e) {
              throw new AssertionError("HmacSHA256 is mandatory on every Java SE platform", e);
            }
          });

  private HubSignature() {}

  static SignatureCheck verify(
      String sha256Header, String sha1Header, byte[] body, List<Secret> secrets) {
    if (sha256Header == null || sha256Header.isBlank()) {
      // GitHub sends both headers when a secret is set; only the legacy one means a sender we do
      // not accept
      return SignatureCheck.rejected(
          sha1Header != null && !sha1Header.isBlank()
              ? "signature_sha1_only"
              : "signature_missing");
    }
    byte[] presented = decode(sha256Header.trim());
    if (presented == null) return SignatureCheck.rejected("signature_malformed");
    boolean matched = false;
    for (Secret secret : secrets) {
      // every secret is tried, so timing does not reveal which one matched
      matched |= MessageDigest.isEqual(hmac(secret, body), presented);
    }
    return matched ? SignatureCheck.VALID : SignatureCheck.rejected("signature_mismatch");
  }

  /** {@code sha256=<64 hex>} as bytes; {@code null} when it is anything else. */
  private static byte[] decode(String value) {
    if (!value.startsWith(PREFIX) || value.length() != PREFIX.length() + HEX_LENGTH) return null;
    String hex = value.substring(PREFIX.length());
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) return null;
    }
    return HexFormat.of().parseHex(hex);
  }

  private static byte[] hmac(Secret secret, byte[] body) {
    try {
      Mac mac = MACS.get();
      mac.init(new SecretKeySpec(secret.utf8(), "HmacSHA256")); // init also resets it
      return mac.doFinal(body);
    } catch (InvalidKeyException e) {
      throw new AssertionError("any non-empty key is valid for HmacSHA256", e);
    }
  }
}
