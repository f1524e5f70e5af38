package dev.hookkeeper.github.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The simulator signs GitHub's official vector (provider-facts 1.6) with its own code, not the adapter's. */
class HookshotSignaturesTest {
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);

  @Test
  void signs_the_official_vector_like_github() {
    assertThat(HookshotSignatures.sha256("It's a Secret to Everybody", BODY))
        .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    assertThat(HookshotSignatures.sha1("It's a Secret to Everybody", BODY))
        .isEqualTo("sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59");
  }
}
