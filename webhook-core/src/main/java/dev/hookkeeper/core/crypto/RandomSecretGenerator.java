package dev.hookkeeper.core.crypto;

import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.SecretGenerator;
import java.security.SecureRandom;
import java.util.Base64;

/** 32 bytes from {@link SecureRandom}, as 43 characters of unpadded base64url. Thread-safe. */
public final class RandomSecretGenerator implements SecretGenerator {
  static final int BYTES = 32;

  private final SecureRandom random = new SecureRandom();

  @Override
  public Secret newSecret() {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }
}
