package dev.hookkeeper.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * SHA-256 as the core stores and looks things up by: lower-case hex of API tokens, session tokens
 * and GitLab hook tokens. Public because an adapter that computes a lookup key (the GitLab
 * decoder's token hash) must hash exactly as the core did when it stored the row.
 */
public final class Sha256 {
  private Sha256() {}

  public static String hex(byte[] data) {
    Objects.requireNonNull(data, "data == null");
    return HexFormat.of().formatHex(digest(data));
  }

  public static String hex(String utf8) {
    Objects.requireNonNull(utf8, "utf8 == null");
    return hex(utf8.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The raw 32-byte digest, e.g. to compare two values in constant time with {@link
   * MessageDigest#isEqual}.
   */
  public static byte[] digest(byte[] data) {
    Objects.requireNonNull(data, "data == null");
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      // every Java SE platform must provide SHA-256
      throw new AssertionError("SHA-256 is not available", e);
    }
  }
}
