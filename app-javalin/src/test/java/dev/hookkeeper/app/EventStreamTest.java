package dev.hookkeeper.app;

import static dev.hookkeeper.app.ApiShapeTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/v2/events: authentication, headers at once, live events, Last-Event-ID replay. */
class EventStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static TestApp app;
  private static TestUser alice;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    alice = app.gitHubUser("alice", TestApp.ALICE_GH);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void refuses_without_a_token_and_without_the_event_stream_accept_header() {
    assertError(app.http.get("/api/v2/events", null), 401, "unauthenticated");
    assertError(app.http.get("/api/v2/events?access_token=hk_wrong", null), 401, "unauthenticated");
    Reply noAccept = app.http.get("/api/v2/events", alice.token());
    assertError(noAccept, 406, "not_acceptable");
    Reply badId = app.http.send(app.http.request("/api/v2/events", alice.token())
        .header("Accept", "text/event-stream").header("Last-Event-ID", "abc").GET());
    assertError(badId, 400, "invalid_header");
  }

  @Test
  void flushes_headers_at_once_and_accepts_the_token_as_a_query_parameter() {
    long start = System.nanoTime();
    try (SseStream stream = SseStream.open(app.url() + "/api/v2/events?access_token=" + alice.token(), null, null)) {
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
      assertThat(stream.header("Cache-Control")).isEqualTo("no-cache");
    }
  }

  @Test
  void sends_a_heartbeat_comment_every_15_seconds() {
    try (SseStream stream = SseStream.open(app.url() + "/api/v2/events", alice.token(), null)) {
      dev.hookkeeper.app.support.Poll.until(Duration.ofSeconds(20),
          () -> stream.rawLines().contains(": heartbeat"));
    }
  }

  @Test
  void a_reconnecting_client_gets_what_it_missed_and_a_new_client_starts_live() {
    String conn;
    String lastSeen;
    Instant t0 = Instant.now().minusSeconds(900);
    try (SseStream first = SseStream.open(app.url() + "/api/v2/events", alice.token(), null)) {
      conn = app.connectActive(alice, TestApp.GH_REPO, "github");
      first.nextOfType("webhook.status_changed", WAIT);
      app.github.deliver(TestApp.GH_REPO, "workflow_run", Payloads.githubRun(9001L, "failure", t0));
      SseStream.Event opened = first.nextOfType("incident.opened", WAIT);
      assertThat(Long.parseLong(opened.id())).isPositive();
      assertThat(opened.json().get("id").asLong()).isEqualTo(Long.parseLong(opened.id()));
      assertThat(opened.json().get("data").get("connection_id").asText()).isEqualTo(conn);
      lastSeen = opened.id();
    }
    // while nobody listens: the run succeeds and the incident resolves
    String guid = app.github.deliver(TestApp.GH_REPO, "workflow_run",
        Payloads.githubRun(9002L, "success", t0.plusSeconds(60))).get(0).guid();
    app.awaitProcessed(alice, conn, guid);

    try (SseStream resumed = SseStream.open(app.url() + "/api/v2/events", alice.token(), lastSeen);
        SseStream fresh = SseStream.open(app.url() + "/api/v2/events", alice.token(), null)) {
      SseStream.Event resolved = resumed.nextOfType("incident.resolved", WAIT);
      assertThat(Long.parseLong(resolved.id())).isGreaterThan(Long.parseLong(lastSeen));
      List<SseStream.Event> rest = resumed.drain();
      assertThat(rest).allSatisfy(e -> assertThat(Long.parseLong(e.id())).isGreaterThan(Long.parseLong(lastSeen)));
      // a new stream without Last-Event-ID starts live: nothing old arrives
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assertThat(fresh.drain()).isEmpty();
      // and both see the next live event exactly once
      app.github.deliver(TestApp.GH_REPO, "workflow_run", Payloads.githubRun(9003L, "failure", t0.plusSeconds(120)));
      SseStream.Event live = fresh.nextOfType("incident.opened", WAIT);
      assertThat(resumed.nextOfType("incident.opened", WAIT).id()).isEqualTo(live.id());
    }
  }
}
