package dev.hookkeeper.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomSecretGeneratorTest {
  private final RandomSecretGenerator generator = new RandomSecretGenerator();

  @Test
  void makes_32_random_bytes_as_unpadded_base64url() {
    String secret = generator.newSecret().reveal();

    assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
  }

  @Test
  void never_repeats() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) seen.add(generator.newSecret().reveal());

    assertThat(seen).hasSize(1000);
  }
}
