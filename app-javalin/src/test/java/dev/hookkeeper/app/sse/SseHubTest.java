package dev.hookkeeper.app.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.testkit.InMemoryPorts;
import dev.hookkeeper.core.usecase.CatchUpNotifications;
import io.javalin.Javalin;
import io.javalin.http.sse.SseHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub against real streams over HTTP, with the notifications in the kit's in-memory store: a
 * closed hub ends its streams, and a stream sends each stored id once and in order whatever order
 * live notifications are published in and however far the client falls behind.
 */
class SseHubTest {
  private static final UserId USER = new UserId("user-1");
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant OLD = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant NEW = Instant.parse("2026-03-01T10:00:00Z");
  private final InMemoryPorts stores = new InMemoryPorts();
  private final CatchUpNotifications catchUp = new CatchUpNotifications(stores.notifications());
  private final ExecutorService writers = Executors.newFixedThreadPool(1);
  private final SseHub hub = new SseHub(writers);
  private final CountDownLatch registered = new CountDownLatch(1);
  private final Javalin server =
      Javalin.create(
              config ->
                  config.routes.get(
                      "/events",
                      ctx -> {
                        String last = ctx.header("Last-Event-ID");
                        new SseHandler(
                                0L,
                                client -> {
                                  client.keepAlive();
                                  hub.open(
                                      USER,
                                      last == null ? null : Long.parseLong(last),
                                      client,
                                      catchUp);
                                  registered.countDown();
                                })
                            .handle(ctx);
                      }))
          .start("127.0.0.1", 0);

  @AfterEach
  void stop() {
    // as the server stops: streams first (closing one after Jetty recycled its request makes
    // Javalin's error handling fail over and over)
    hub.close();
    server.stop();
  }

  @Test
  void close_ends_an_open_stream() throws InterruptedException {
    try (SseStream stream = SseStream.open(url(), null, null)) {
      assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(stream.endsWithin(Duration.ofMillis(300))).as("still open before close").isFalse();
      hub.close();
      assertThat(stream.endsWithin(Duration.ofSeconds(5))).isTrue();
      assertThat(stream.rawLines()).as("the client told when to reconnect").contains("retry: 1000");
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

  @Test
  void notifications_published_out_of_commit_order_arrive_in_order_once()
      throws InterruptedException {
    try (SseStream stream = SseStream.open(url(), null, null)) {
      assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();
      List<Notification> stored = append(3);

      // two writers committed 1, 2, 3; their threads publish 3 first, then 1, then 2
      hub.publish(stored.get(2));
      hub.publish(stored.get(0));
      hub.publish(stored.get(1));

      assertThat(ids(stream, 3)).containsExactly(1L, 2L, 3L);
      assertThat(stream.poll(Duration.ofMillis(300))).as("nothing twice").isNull();
    }
  }

  @Test
  void a_client_too_far_behind_reads_the_rest_from_the_store() throws Exception {
    try (SseStream stream = SseStream.open(url(), null, null)) {
      assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();
      // the only writer is busy: everything published now waits in the client's queue, which
      // overflows
      CountDownLatch busy = new CountDownLatch(1);
      writers.execute(() -> await(busy));
      int n = LiveClient.MAX_QUEUED * 2 + 7;
      for (Notification each : append(n)) hub.publish(each);
      busy.countDown();

      assertThat(ids(stream, n))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
      assertThat(stream.poll(Duration.ofMillis(300))).as("nothing twice").isNull();
    }
  }

  @Test
  void a_resuming_client_gets_the_whole_backlog_then_live_ones() throws InterruptedException {
    append(5);
    int backlog = LiveClient.PAGE * 3 + 11;
    append(backlog);

    try (SseStream stream = SseStream.open(url(), null, "5")) {
      assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();
      for (Notification each : append(2)) hub.publish(each);

      assertThat(ids(stream, backlog + 2))
          .containsExactlyElementsOf(LongStream.rangeClosed(6, 5 + backlog + 2).boxed().toList());
    }
  }

  @Test
  void a_client_resuming_from_a_purged_id_is_told_what_expired_then_gets_what_is_left()
      throws InterruptedException {
    append(4, OLD);
    append(3, NEW);
    assertThat(stores.notifications().purgeCreatedBefore(NEW, 100)).isEqualTo(4);

    try (SseStream stream = SseStream.open(url(), null, "1")) {
      SseStream.Event expired = stream.next(WAIT);
      assertThat(expired.event()).isEqualTo(LiveClient.EXPIRED_EVENT);
      assertThat(expired.id()).as("keeps the client's Last-Event-ID").isNull();
      assertThat(expired.json().get("after_id").asLong()).isEqualTo(1);
      assertThat(expired.json().get("next_id").asLong()).isEqualTo(5);
      assertThat(ids(stream, 3)).containsExactly(5L, 6L, 7L);
      assertThat(stream.poll(Duration.ofMillis(300))).isNull();
    }
  }

  @Test
  void a_last_event_id_beyond_the_newest_starts_after_the_newest() throws InterruptedException {
    append(3);

    try (SseStream stream = SseStream.open(url(), null, "999")) {
      assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();
      for (Notification each : append(1)) hub.publish(each);

      assertThat(ids(stream, 1)).containsExactly(4L);
    }
  }

  private List<Notification> append(int n) {
    return append(n, NEW);
  }

  private List<Notification> append(int n, Instant at) {
    List<Notification> stored = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      stored.add(
          stores
              .notifications()
              .append(
                  new NotificationDraft(
                      USER, NotificationType.WORKFLOW_RUN_UPDATED, Map.of("i", i), at)));
    }
    return stored;
  }

  private static List<Long> ids(SseStream stream, int n) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) ids.add(Long.parseLong(stream.next(WAIT).id()));
    return ids;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String url() {
    return "http://127.0.0.1:" + server.port() + "/events";
  }
}
