package dev.hookkeeper.core.crypto;

import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys secrets at rest are encrypted with: one primary key that encrypts, plus any
 * previous keys that still decrypt, so a key can be rotated without re-encrypting every row at
 * once. Each key is named by an id derived from the key itself (the first 8 hex characters of its
 * SHA-256), which is stored in front of every ciphertext.
 */
public final class KeyRing {
  /** The configuration setting that holds the primary key (base64 of 32 bytes). */
  public static final String SETTING = "WEBHOOK_SECRET_ENCRYPTION_KEY";

  /** The setting that holds previous keys, still accepted for decryption during a rotation. */
  public static final String PREVIOUS_SETTING = "WEBHOOK_SECRET_ENCRYPTION_KEYS_PREVIOUS";

  static final int KEY_BYTES = 32;

  private final String primaryKeyId;
  private final Map<String, SecretKey> keys;

  private KeyRing(String primaryKeyId, Map<String, SecretKey> keys) {
    this.primaryKeyId = primaryKeyId;
    this.keys = Collections.unmodifiableMap(keys);
  }

  /**
   * Builds a ring from base64 (standard or URL-safe) keys of 32 bytes each.
   *
   * @throws IllegalArgumentException naming {@value #SETTING} (or {@value #PREVIOUS_SETTING}) when
   *     a key is missing, not base64 or not 32 bytes (the message never contains the key)
   */
  public static KeyRing fromBase64(String primaryBase64, List<String> previousBase64) {
    Objects.requireNonNull(previousBase64, "previousBase64 == null");
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    byte[] primary = decode(primaryBase64, SETTING);
    String primaryId = keyId(primary);
    keys.put(primaryId, new SecretKeySpec(primary, "AES"));
    for (int i = 0; i < previousBase64.size(); i++) {
      byte[] key = decode(previousBase64.get(i), "previous key #" + (i + 1) + " in " + PREVIOUS_SETTING);
      keys.putIfAbsent(keyId(key), new SecretKeySpec(key, "AES"));
    }
    return new KeyRing(primaryId, keys);
  }

  /** A ring of raw keys, the first being primary; for tests and embedders holding bytes. */
  public static KeyRing of(byte[] primary, byte[]... previous) {
    Base64.Encoder b64 = Base64.getEncoder();
    return fromBase64(b64.encodeToString(primary),
        Arrays.stream(previous).map(b64::encodeToString).toList());
  }

  public String primaryKeyId() {
    return primaryKeyId;
  }

  SecretKey primaryKey() {
    return keys.get(primaryKeyId);
  }

  Optional<SecretKey> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  /** Ids of every configured key, primary first. */
  public List<String> keyIds() {
    return List.copyOf(keys.keySet());
  }

  static String keyId(byte[] key) {
    return HexFormat.of().formatHex(Sha256.digest(key)).substring(0, 8);
  }

  private static byte[] decode(String base64, String what) {
    if (base64 == null || base64.isBlank()) {
      throw new IllegalArgumentException(what + " is not set: expected base64 of 32 random bytes");
    }
    String trimmed = base64.strip();
    byte[] key;
    try {
      key = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(trimmed)
          : Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException e) {
      // the decoder's message may quote the offending character; keep the key out of messages
      throw new IllegalArgumentException(what + " is not valid base64: expected base64 of 32 random bytes");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          what + " must decode to " + KEY_BYTES + " bytes (AES-256), got " + key.length);
    }
    return key;
  }

  @Override
  public String toString() {
    return "KeyRing[primary=" + primaryKeyId + ", keys=" + keys.keySet() + "]";
  }
}
