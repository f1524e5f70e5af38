package dev.hookkeeper.core.model;

import java.util.Objects;

/**
 * A secret as stored at rest: the opaque, self-describing output of a {@code SecretCipher}
 * (key id, nonce and ciphertext in one string). Safe to store and to log.
 */
public record EncryptedSecret(String value) {
  public EncryptedSecret {
    Objects.requireNonNull(value, "value == null");
    if (value.isBlank()) throw new IllegalArgumentException("EncryptedSecret must not be blank");
  }
}
