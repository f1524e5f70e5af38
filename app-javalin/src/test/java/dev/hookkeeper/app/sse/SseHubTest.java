package dev.hookkeeper.app.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.core.model.UserId;
import io.javalin.Javalin;
import io.javalin.http.sse.SseHandler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Closing the hub ends every stream, including one whose handler registers only after the close. */
class SseHubTest {
  private final SseHub hub = new SseHub(1);
  private final CountDownLatch registered = new CountDownLatch(1);
  private final Javalin server = Javalin.create(config -> config.routes.get("/events", ctx ->
      new SseHandler(0L, client -> {
        client.keepAlive();
        hub.open(new UserId("user-1"), null, client, null);
        registered.countDown();
      }).handle(ctx))).start("127.0.0.1", 0);

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void close_ends_an_open_stream() throws InterruptedException {
    try (SseStream stream = SseStream.open(url(), null, null)) {
      assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(stream.endsWithin(Duration.ofMillis(300))).as("still open before close").isFalse();
      hub.close();
      assertThat(stream.endsWithin(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void a_stream_registering_after_close_is_ended_at_once() throws InterruptedException {
    hub.close();
    try (SseStream stream = SseStream.open(url(), null, null)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(stream.endsWithin(Duration.ofSeconds(5))).isTrue();
      assertThat(hub.clientCount()).isZero();
    }
  }

  private String url() {
    return "http://127.0.0.1:" + server.port() + "/events";
  }
}
