package dev.hookkeeper.github.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import dev.hookkeeper.core.testkit.DecoderCalls;
import dev.hookkeeper.github.GitHubInboundDecoder;
import dev.hookkeeper.github.TestReceiver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the simulator puts on the wire is what GitHub signs. The vector is GitHub's own, published
 * with its secret, body and signature in "Validating webhook deliveries"
 * (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries; provider-facts
 * 1.6, src/test/resources/github/SOURCES.md): the fixtures hold no delivery whose exact bytes and
 * secret are known (their payloads are re-formatted), so it is the only real signed delivery on
 * record. The simulator signs with its own code, and the adapter verifies it with its own.
 */
class GitHubSimulatorSignatureTest {
  private static final String SECRET = "It's a Secret to Everybody";
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
  private static final String GITHUB_SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  private final GitHubSimulator github = GitHubSimulator.start();
  private final TestReceiver receiver = new TestReceiver();

  @AfterEach
  void stop() {
    github.close();
    receiver.close();
  }

  @Test
  void a_delivery_of_githubs_vector_carries_githubs_signature_and_the_adapter_accepts_it() {
    github.addRepository("Codertocat/Hello-World", 186853002L, false, "main");
    github.addHook(
        "Codertocat/Hello-World", receiver.url("/hook"), List.of("push"), "json", SECRET);

    assertThat(github.deliver("Codertocat/Hello-World", "push", BODY)).hasSize(1);

    InboundRequest received = receiver.received().get(0);
    assertThat(received.body()).isEqualTo(BODY);
    assertThat(received.headers().first("X-Hub-Signature-256")).contains(GITHUB_SIGNATURE);
    assertThat(
            DecoderCalls.verify(new GitHubInboundDecoder(), received, List.of(Secret.of(SECRET))))
        .isEqualTo(SignatureCheck.VALID);
    assertThat(
            DecoderCalls.verify(
                new GitHubInboundDecoder(), received, List.of(Secret.of(SECRET + "!"))))
        .as("another secret")
        .isNotEqualTo(SignatureCheck.VALID);
  }
}
