package dev.hookkeeper.app.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The operator's admin token, held only as its SHA-256 and compared in constant time. */
public final class AdminToken {
  private final byte[] sha256;

  private AdminToken(byte[] sha256) {
    this.sha256 = sha256.clone();
  }

  public static AdminToken ofPlaintext(String token) {
    return new AdminToken(sha256(token));
  }

  public static AdminToken ofSha256Hex(String hex) {
    return new AdminToken(HexFormat.of().parseHex(hex.trim()));
  }

  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(sha256, sha256(presented));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "AdminToken[redacted]";
  }
}
