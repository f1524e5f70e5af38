package dev.hookkeeper.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {

  @Test
  void matches_the_published_test_vectors() {
    assertThat(Sha256.hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Sha256.hex(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void the_raw_digest_is_what_the_hex_spells() {
    byte[] digest = Sha256.digest("abc".getBytes(StandardCharsets.UTF_8));
    assertThat(digest).hasSize(32);
    assertThat(java.util.HexFormat.of().formatHex(digest)).isEqualTo(Sha256.hex("abc"));
  }

  @Test
  void hashes_strings_as_utf8() {
    assertThat(Sha256.hex("ü")).isEqualTo(Sha256.hex("ü".getBytes(StandardCharsets.UTF_8)));
  }
}
