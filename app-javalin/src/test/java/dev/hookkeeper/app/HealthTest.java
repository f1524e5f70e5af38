package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.app.support.TestApp;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What a load balancer asks: is the process alive, should it get traffic — and the drain after
 * SIGTERM.
 */
class HealthTest {

  @Test
  void a_draining_instance_stops_being_ready_but_keeps_serving_until_it_closes() throws Exception {
    try (TestApp app = TestApp.start()) {
      Reply live = app.http.get("/health/live", null);
      assertThat(live.status()).isEqualTo(200);
      assertThat(live.json().get("status").asText()).isEqualTo("live");
      Reply ready = app.http.get("/health/ready", null);
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().get("ready").asBoolean()).isTrue();
      assertThat(ready.json().get("database").asText()).isEqualTo("up");

      TestApp.TestUser alice = app.createUser("alice");
      SseStream stream = SseStream.open(app.url() + "/api/v2/events", alice.token(), null);
      assertThat(stream.status()).isEqualTo(200);

      CompletableFuture<Void> drained =
          CompletableFuture.runAsync(() -> app.server.drainThenClose(Duration.ofSeconds(3)));
      Poll.until(Duration.ofSeconds(10), () -> app.http.get("/health/ready", null).status() == 503);
      Reply notReady = app.http.get("/health/ready", null);
      assertThat(notReady.json().get("draining").asBoolean()).isTrue();
      assertThat(notReady.json().get("database").asText()).isEqualTo("up");
      assertThat(app.http.get("/health/live", null).status())
          .as("still alive, still serving")
          .isEqualTo(200);
      assertThat(app.http.get("/health", null).status()).isEqualTo(503);
      drained.get();
      assertThat(stream.endsWithin(Duration.ofSeconds(10)))
          .as("the event stream ended by the drain")
          .isTrue();
      assertThat(stream.rawLines())
          .as("told to reconnect (elsewhere) in a second")
          .contains("retry: 1000");
      stream.close();
    }
  }
}
