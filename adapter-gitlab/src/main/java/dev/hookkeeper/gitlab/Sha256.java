package dev.hookkeeper.gitlab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. Duplicated from the GitHub adapter on purpose: adapters share nothing. */
final class Sha256 {
  private Sha256() {}

  static byte[] digest(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  static String hex(byte[] input) {
    return HexFormat.of().formatHex(digest(input));
  }

  static String hex(String input) {
    return hex(input.getBytes(StandardCharsets.UTF_8));
  }
}
