package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.Secret;

/**
 * Authenticated encryption of secrets at rest. The associated data binds a ciphertext to its owning
 * row, so a ciphertext copied to another row does not decrypt.
 */
public interface SecretCipher {

  EncryptedSecret encrypt(Secret plaintext, String associatedData);

  /**
   * @throws SecretDecryptionException when the ciphertext was tampered with, belongs to another
   *     row, or was made with a key that is not configured
   */
  Secret decrypt(EncryptedSecret ciphertext, String associatedData);

  /**
   * What every ciphertext {@link #encrypt} returns now starts with: one that does not was made
   * under a previous key (or format), decrypts only while that key is configured, and is due for
   * re-encryption ({@link SecretsAtRest}). The empty string (the default) means the cipher has no
   * notion of keys: every ciphertext is current.
   */
  default String currentPrefix() {
    return "";
  }
}
