package dev.hookkeeper.persistence;

import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.core.port.SecretCipher;
import java.security.SecureRandom;

/** The real AES-GCM cipher with a random key per test JVM. */
final class TestCipher {

  private TestCipher() {}

  static SecretCipher random() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new AesGcmSecretCipher(KeyRing.of(key));
  }
}
