package dev.hookkeeper.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRingTest {
  private final byte[] key = AesGcmSecretCipherTest.randomKey();
  private final String base64 = Base64.getEncoder().encodeToString(key);

  @Test
  void derives_the_key_id_from_the_key_hash() {
    KeyRing ring = KeyRing.fromBase64(base64, List.of());

    assertThat(ring.primaryKeyId()).isEqualTo(Sha256.hex(key).substring(0, 8)).hasSize(8);
  }

  @Test
  void accepts_url_safe_base64_and_surrounding_whitespace() {
    String urlSafe = Base64.getUrlEncoder().encodeToString(key);

    assertThat(KeyRing.fromBase64(" " + urlSafe + "\n", List.of()).primaryKeyId())
        .isEqualTo(KeyRing.fromBase64(base64, List.of()).primaryKeyId());
  }

  @Test
  void lists_primary_first_and_drops_duplicate_previous_keys() {
    byte[] old = AesGcmSecretCipherTest.randomKey();
    KeyRing ring = KeyRing.of(key, old, key, old);

    assertThat(ring.keyIds()).containsExactly(KeyRing.keyId(key), KeyRing.keyId(old));
  }

  @Test
  void rejects_a_key_of_the_wrong_length_naming_the_setting() {
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);

    assertThatThrownBy(() -> KeyRing.fromBase64(short16, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WEBHOOK_SECRET_ENCRYPTION_KEY")
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining(short16);
  }

  @Test
  void rejects_text_that_is_not_base64_without_quoting_it() {
    assertThatThrownBy(() -> KeyRing.fromBase64("not base64 at all!!", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WEBHOOK_SECRET_ENCRYPTION_KEY")
        .hasMessageNotContaining("not base64 at all!!");
  }

  @Test
  void rejects_a_missing_key_and_a_bad_previous_key() {
    assertThatThrownBy(() -> KeyRing.fromBase64("  ", List.of()))
        .hasMessageContaining("WEBHOOK_SECRET_ENCRYPTION_KEY is not set");
    assertThatThrownBy(() -> KeyRing.fromBase64(base64, List.of("AAAA")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("previous key #1 in WEBHOOK_SECRET_ENCRYPTION_KEYS_PREVIOUS");
  }
}
