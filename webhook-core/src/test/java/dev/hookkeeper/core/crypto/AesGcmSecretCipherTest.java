package dev.hookkeeper.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.SecretDecryptionException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AesGcmSecretCipherTest {
  private static final String AAD = "hook:hook_1";
  private final byte[] keyA = randomKey();
  private final byte[] keyB = randomKey();
  private final AesGcmSecretCipher cipher = new AesGcmSecretCipher(KeyRing.of(keyA));

  @Test
  void round_trips_a_secret() {
    EncryptedSecret sealed = cipher.encrypt(Secret.of("s3cr3t-ü"), AAD);

    assertThat(cipher.decrypt(sealed, AAD).reveal()).isEqualTo("s3cr3t-ü");
  }

  @Test
  void names_the_key_of_a_ciphertext_without_decrypting_it() {
    AesGcmSecretCipher rotated = new AesGcmSecretCipher(KeyRing.of(keyB, keyA));

    assertThat(AesGcmSecretCipher.keyIdOf(cipher.encrypt(Secret.of("x"), AAD)))
        .contains(KeyRing.keyId(keyA));
    assertThat(AesGcmSecretCipher.keyIdOf(rotated.encrypt(Secret.of("x"), AAD)))
        .contains(KeyRing.keyId(keyB));
    assertThat(AesGcmSecretCipher.keyIdOf(new EncryptedSecret("plain"))).isEmpty();
    assertThat(AesGcmSecretCipher.keyIdOf(new EncryptedSecret("v0:abcd:xyz"))).isEmpty();
    assertThat(AesGcmSecretCipher.keyIdOf(new EncryptedSecret("v1::xyz"))).isEmpty();
  }

  @Test
  void output_names_version_and_key_and_hides_the_plaintext() {
    EncryptedSecret sealed = cipher.encrypt(Secret.of("plain-value"), AAD);

    assertThat(sealed.value())
        .startsWith("v1:" + KeyRing.keyId(keyA) + ":")
        .doesNotContain("plain-value");
    byte[] data = Base64.getUrlDecoder().decode(sealed.value().split(":")[2]);
    assertThat(data).hasSize(12 + "plain-value".length() + 16);
  }

  @Test
  void uses_a_fresh_nonce_each_time() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) seen.add(cipher.encrypt(Secret.of("same"), AAD).value());

    assertThat(seen).hasSize(200);
  }

  @Test
  void detects_tampering() {
    String value = cipher.encrypt(Secret.of("secret"), AAD).value();
    int at = value.length() - 10; // inside the ciphertext, not the unused trailing bits
    char flipped = value.charAt(at) == 'A' ? 'B' : 'A';
    EncryptedSecret tampered =
        new EncryptedSecret(value.substring(0, at) + flipped + value.substring(at + 1));

    assertThatThrownBy(() -> cipher.decrypt(tampered, AAD))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessageContaining("WEBHOOK_SECRET_ENCRYPTION_KEY")
        .hasMessageContaining("altered");
  }

  @Test
  void binds_the_ciphertext_to_its_row() {
    EncryptedSecret sealed = cipher.encrypt(Secret.of("secret"), "hook:hook_1");

    assertThatThrownBy(() -> cipher.decrypt(sealed, "hook:hook_2"))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessageContaining("another record");
  }

  @Test
  void decrypts_with_a_previous_key_after_rotation_and_encrypts_with_the_new_one() {
    EncryptedSecret old = cipher.encrypt(Secret.of("old"), AAD);
    AesGcmSecretCipher rotated = new AesGcmSecretCipher(KeyRing.of(keyB, keyA));

    assertThat(rotated.decrypt(old, AAD).reveal()).isEqualTo("old");
    EncryptedSecret fresh = rotated.encrypt(Secret.of("new"), AAD);
    assertThat(fresh.value()).startsWith("v1:" + KeyRing.keyId(keyB) + ":");
    assertThatThrownBy(() -> cipher.decrypt(fresh, AAD))
        .isInstanceOf(SecretDecryptionException.class);
  }

  @Test
  void names_the_setting_when_the_key_is_not_configured_and_never_leaks_data() {
    EncryptedSecret sealed = cipher.encrypt(Secret.of("topsecret"), AAD);
    AesGcmSecretCipher other = new AesGcmSecretCipher(KeyRing.of(keyB));

    assertThatThrownBy(() -> other.decrypt(sealed, AAD))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessageContaining("WEBHOOK_SECRET_ENCRYPTION_KEY")
        .hasMessageContaining(KeyRing.keyId(keyA))
        .hasMessageContaining("WEBHOOK_SECRET_ENCRYPTION_KEYS_PREVIOUS")
        .hasMessageNotContaining("topsecret")
        .hasMessageNotContaining(Base64.getEncoder().encodeToString(keyB));
  }

  @Test
  void a_relabelled_key_id_does_not_decrypt() {
    AesGcmSecretCipher both = new AesGcmSecretCipher(KeyRing.of(keyA, keyB));
    String value = both.encrypt(Secret.of("secret"), AAD).value();
    String relabelled = value.replace(KeyRing.keyId(keyA), KeyRing.keyId(keyB));

    assertThatThrownBy(() -> both.decrypt(new EncryptedSecret(relabelled), AAD))
        .isInstanceOf(SecretDecryptionException.class);
  }

  @Test
  void rejects_malformed_stored_values() {
    for (String bad :
        List.of(
            "plain",
            "v2:abcd1234:AAAA",
            "v1:" + KeyRing.keyId(keyA) + ":%%%",
            "v1:" + KeyRing.keyId(keyA) + ":AAAA")) {
      assertThatThrownBy(() -> cipher.decrypt(new EncryptedSecret(bad), AAD))
          .as(bad)
          .isInstanceOf(SecretDecryptionException.class)
          .hasMessageContaining("WEBHOOK_SECRET_ENCRYPTION_KEY");
    }
  }

  @Test
  void is_safe_to_share_between_threads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int n = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 300; i++) {
                    String value = "secret-" + n + "-" + i;
                    String aad = "hook:" + n + "-" + i;
                    if (!cipher
                        .decrypt(cipher.encrypt(Secret.of(value), aad), aad)
                        .reveal()
                        .equals(value)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) assertThat(r.get()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void does_not_show_keys_in_to_string() {
    assertThat(cipher.toString())
        .doesNotContain(Base64.getEncoder().encodeToString(keyA))
        .contains(KeyRing.keyId(keyA));
  }

  static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
