package dev.hookkeeper.core.port;

/**
 * Every secret the store keeps encrypted (hook secrets, provider tokens), seen as ciphertexts to
 * bring under the {@link SecretCipher}'s current key after a key rotation. Each row is re-encrypted
 * with the associated data it was encrypted with, and only if it did not change meanwhile, so
 * several instances can do it at once. Thread-safe; throws {@link StoreUnavailableException} when
 * the store is down.
 */
public interface SecretsAtRest {

  /** How many stored ciphertexts were made under another key than the current one. */
  long countUnderPreviousKeys();

  /**
   * Decrypts up to {@code limit} ciphertexts made under a previous key and stores them encrypted
   * under the current key, in one transaction; returns how many it re-encrypted (0: none left).
   *
   * @throws SecretDecryptionException when one was made under a key no longer configured
   */
  int reencryptBatch(int limit);
}
