package dev.hookkeeper.core.crypto;

import dev.hookkeeper.core.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** RFC 7636 S256: the challenge is base64url(SHA-256(ASCII verifier)) without padding. */
public final class Pkce {
  private Pkce() {}

  public static String challengeS256(Secret verifier) {
    byte[] digest = Sha256.digest(verifier.reveal().getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  /** Whether {@code verifier} is 43-128 characters of {@code A-Z a-z 0-9 - . _ ~} (RFC 7636 4.1). */
  public static boolean validVerifier(String verifier) {
    return verifier != null && verifier.matches("[A-Za-z0-9._~-]{43,128}");
  }
}
