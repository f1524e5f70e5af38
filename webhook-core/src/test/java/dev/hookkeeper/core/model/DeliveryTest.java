package dev.hookkeeper.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryTest {
  private final Delivery stored =
      Delivery.caughtUp(
              "dlv_1",
              Provider.GITHUB,
              new HookId("hook_1"),
              new RepositoryId("repo_1"),
              "guid-1",
              "workflow_run",
              "{}".getBytes(StandardCharsets.UTF_8),
              Instant.parse("2026-12-07T10:00:00Z"))
          .withContent(Headers.empty(), new byte[0], true);

  @Test
  void with_content_replaces_headers_and_body_and_keeps_everything_else() {
    byte[] body = "{\"action\":\"completed\"}".getBytes(StandardCharsets.UTF_8);
    Headers headers = Headers.single("X-GitHub-Event", "workflow_run");

    Delivery read = stored.withContent(headers, body, false);

    assertThat(read.headers()).isSameAs(headers);
    assertThat(read.body()).isSameAs(body);
    assertThat(read.bodyPurged()).isFalse();
    assertThat(read)
        .usingRecursiveComparison()
        .ignoringFields("headers", "body", "bodyPurged")
        .isEqualTo(stored);
    assertThat(read.source()).isEqualTo(DeliverySource.CATCH_UP);
  }
}
