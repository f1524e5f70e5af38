package dev.hookkeeper.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** Lower-case hex SHA-256, the form API tokens and GitLab hook tokens are looked up by. */
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

  static byte[] digest(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      // every Java SE platform must provide SHA-256
      throw new AssertionError("SHA-256 is not available", e);
    }
  }
}
