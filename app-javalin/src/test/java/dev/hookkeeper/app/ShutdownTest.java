package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Graceful stop: open streams end (clients resume elsewhere), the server stops promptly, nothing listens after. */
class ShutdownTest {
  @Test
  void closing_ends_live_streams_and_stops_listening_promptly() {
    TestApp app = TestApp.start();
    try {
      TestUser user = app.createUser("leaver");
      try (SseStream stream = SseStream.open(app.url() + "/api/v2/events", user.token(), null)) {
        assertThat(stream.status()).isEqualTo(200);
        long start = System.nanoTime();
        app.server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      }
      assertThatThrownBy(() -> app.http.get("/health", null)).isInstanceOf(UncheckedIOException.class);
    } finally {
      app.close();
    }
  }
}
