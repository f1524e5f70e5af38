package dev.hookkeeper.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.NotificationStore;
import dev.hookkeeper.persistence.PersistenceModule;
import dev.hookkeeper.persistence.PostgresDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 10, item 6: a client that comes back after 5 000 notifications gets every one of them, in
 * order, once, over however many reconnects (as {@code EventSource} reconnects with the last id it
 * got), and the notifications published live while it catches up are neither lost nor doubled.
 * Real server, real PostgreSQL, real HTTP; the backlog is written to the server's own database.
 */
class EventStreamResumeTest {
  private static final Logger log = LoggerFactory.getLogger(EventStreamResumeTest.class);
  private static final int BACKLOG = 5_000;
  private static final int LIVE_RUNS = 20;
  /** A connection is dropped after this many events: the client reconnects with the last id. */
  private static final int EVENTS_PER_CONNECTION = 1_700;
  private static final Duration QUIET = Duration.ofSeconds(5);
  private static TestApp app;
  private static TestUser alice;
  private static HikariDataSource database;
  private static NotificationStore notifications;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    alice = app.gitHubUser("alice", TestApp.ALICE_GH);
    app.connectActive(alice, TestApp.GH_REPO, "github");
    database = PostgresDataSource.create(app.databaseUrl);
    notifications = PersistenceModule.create(database,
        new AesGcmSecretCipher(KeyRing.fromBase64(app.encryptionKey, List.of()))).notifications();
  }

  @AfterAll
  static void stop() {
    database.close();
    app.close();
  }

  @Test
  void a_client_away_for_5000_events_gets_every_one_in_order_once_while_live_ones_arrive() throws Exception {
    long lastSeen = lastStoredId();
    UserId user = new UserId(alice.id());
    for (int batch = 0; batch < BACKLOG / 500; batch++) {
      List<NotificationDraft> drafts = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        drafts.add(new NotificationDraft(user, NotificationType.WORKFLOW_RUN_UPDATED,
            Map.of("backlog", batch * 500 + i), Instant.now()));
      }
      notifications.appendAll(drafts);
    }

    // live notifications while the client catches up: every delivered run notifies alice
    AtomicBoolean delivering = new AtomicBoolean(true);
    Thread live = new Thread(() -> {
      Instant t0 = Instant.now().minusSeconds(3600);
      for (int i = 0; i < LIVE_RUNS; i++) {
        app.github.deliver(TestApp.GH_REPO, "workflow_run",
            Payloads.githubRun(61_000L + i, i % 2 == 0 ? "failure" : "success", t0.plusSeconds(i)));
        sleep(40);
      }
      delivering.set(false);
    }, "live-deliveries");

    List<Long> received = new ArrayList<>();
    int connections = 0;
    String lastId = Long.toString(lastSeen);
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    live.start();
    while (System.nanoTime() < deadline) {
      connections++;
      boolean quiet = false;
      try (SseStream stream = SseStream.open(app.url() + "/api/v2/events", alice.token(), lastId)) {
        for (int n = 0; n < EVENTS_PER_CONNECTION; n++) {
          SseStream.Event e = stream.poll(QUIET);
          if (e == null) {
            quiet = true;
            break;
          }
          received.add(Long.parseLong(e.id()));
          lastId = e.id();
        }
      }
      if (quiet && !delivering.get() && received.size() > 0
          && received.get(received.size() - 1) >= lastStoredId()) {
        break;
      }
    }
    live.join();

    long latest = lastStoredId();
    log.atInfo().addKeyValue("received", received.size()).addKeyValue("connections", connections)
        .addKeyValue("expected", latest - lastSeen)
        .log("resume: {} events over {} connections", received.size(), connections);
    assertThat(latest - lastSeen).as("backlog plus live").isGreaterThan(BACKLOG + LIVE_RUNS - 1);
    assertThat(received).as("every id after the client's, in order, once")
        .containsExactlyElementsOf(LongStream.rangeClosed(lastSeen + 1, latest).boxed().toList());
    assertThat(connections).as("reconnects").isGreaterThanOrEqualTo(3);
  }

  private static long lastStoredId() {
    return notifications.listAfter(new UserId(alice.id()), 0, Integer.MAX_VALUE).stream()
        .mapToLong(n -> n.id()).max().orElse(0);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
