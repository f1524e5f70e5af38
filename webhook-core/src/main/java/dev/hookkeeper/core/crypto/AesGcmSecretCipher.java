package dev.hookkeeper.core.crypto;

import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.port.SecretDecryptionException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per encryption and a 128-bit tag. Output: {@code
 * v1:<keyId>:<base64url(nonce || ciphertext+tag)>}. The associated data (the owning row) and the
 * version/key-id header are bound as GCM AAD, so a ciphertext copied to another row or relabelled
 * with another key id fails to decrypt. Encrypts with the ring's primary key, decrypts with any
 * configured key. Thread-safe: a {@link Cipher} is created per call.
 */
public final class AesGcmSecretCipher implements SecretCipher {
  private static final String VERSION = "v1";
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final KeyRing keys;
  private final SecureRandom random = new SecureRandom();

  public AesGcmSecretCipher(KeyRing keys) {
    this.keys = Objects.requireNonNull(keys, "keys == null");
  }

  @Override
  public EncryptedSecret encrypt(Secret plaintext, String associatedData) {
    Objects.requireNonNull(plaintext, "plaintext == null");
    Objects.requireNonNull(associatedData, "associatedData == null");
    String keyId = keys.primaryKeyId();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = init(Cipher.ENCRYPT_MODE, keys.primaryKey(), nonce, keyId, associatedData);
      byte[] sealed = cipher.doFinal(plaintext.utf8());
      byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
      return new EncryptedSecret(
          header(keyId) + Base64.getUrlEncoder().withoutPadding().encodeToString(out));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public Secret decrypt(EncryptedSecret ciphertext, String associatedData) {
    Objects.requireNonNull(ciphertext, "ciphertext == null");
    Objects.requireNonNull(associatedData, "associatedData == null");
    String[] parts = ciphertext.value().split(":", -1);
    if (parts.length != 3 || !VERSION.equals(parts[0])) {
      throw failure("is not in the " + VERSION + ":<keyId>:<data> format this version writes");
    }
    String keyId = parts[1];
    SecretKey key =
        keys.key(keyId)
            .orElseThrow(
                () ->
                    failure(
                        "was encrypted with key id "
                            + keyId
                            + ", which is not configured (configured: "
                            + keys.keyIds()
                            + "); configure the key that encrypted it as "
                            + KeyRing.SETTING
                            + " or in "
                            + KeyRing.PREVIOUS_SETTING));
    byte[] data;
    try {
      data = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw failure("is not valid base64url");
    }
    if (data.length < NONCE_BYTES + TAG_BITS / 8) throw failure("is truncated");
    try {
      Cipher cipher =
          init(Cipher.DECRYPT_MODE, key, Arrays.copyOf(data, NONCE_BYTES), keyId, associatedData);
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return Secret.of(new String(plain, StandardCharsets.UTF_8));
    } catch (AEADBadTagException e) {
      throw failure(
          "failed authentication with key id "
              + keyId
              + ": it was altered or belongs to another record (associated data mismatch)");
    } catch (GeneralSecurityException e) {
      throw failure("could not be decrypted (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public String currentPrefix() {
    return header(keys.primaryKeyId());
  }

  /**
   * The id of the key a ciphertext of this cipher was encrypted with, read from its header without
   * decrypting; empty when the value is not in this cipher's format. What a key rotation uses to
   * find the values still under an old key.
   */
  public static Optional<String> keyIdOf(EncryptedSecret ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext == null");
    String[] parts = ciphertext.value().split(":", 3);
    if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[1].isEmpty())
      return Optional.empty();
    return Optional.of(parts[1]);
  }

  private static Cipher init(
      int mode, SecretKey key, byte[] nonce, String keyId, String associatedData)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD((header(keyId) + associatedData).getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static String header(String keyId) {
    return VERSION + ":" + keyId + ":";
  }

  private static SecretDecryptionException failure(String what) {
    return new SecretDecryptionException(
        "Stored secret " + what + ". Check " + KeyRing.SETTING + ".");
  }

  @Override
  public String toString() {
    return "AesGcmSecretCipher[" + keys + "]";
  }
}
