package dev.hookkeeper.app;

import static dev.hookkeeper.app.ApiShapeTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.app.support.TestDatabase;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Throttling of failed authentications, and the database going away and coming back. */
class ResilienceTest {
  private static final AtomicLong RUN_IDS = new AtomicLong(8000);
  private static TestApp app;
  private static GitHubSimulator.SimulatedHook hook;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    TestUser alice = app.gitHubUser("alice", TestApp.ALICE_GH);
    app.connectActive(alice, TestApp.GH_REPO, "github");
    hook = app.github.hooks(TestApp.GH_REPO).get(0);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void repeated_failures_from_one_address_are_throttled_but_authentic_deliveries_are_not() {
    Reply last = null;
    for (int i = 0; i < HookkeeperPlugin.AUTH_FAILURES_PER_MINUTE + 1; i++) {
      last = delivery("forged-" + i, "wrong-secret");
    }
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.json().get("error").asText()).isEqualTo("too_many_requests");
    assertThat(Long.parseLong(last.header("Retry-After"))).isBetween(1L, 60L);
    Reply authentic = delivery("authentic-while-throttled", hook.secret());
    assertThat(authentic.status()).isEqualTo(202);
    assertThat(authentic.json().get("status").asText()).isEqualTo("received");
  }

  @Test
  void answers_503_with_retry_after_while_the_database_is_down_and_recovers_without_restart() {
    TestDatabase.stop();
    try {
      Reply down = delivery("during-outage", hook.secret());
      assertError(down, 503, "unavailable");
      assertThat(down.header("Retry-After")).isNotBlank();
      Poll.until(Duration.ofSeconds(10), () -> app.http.get("/health", null).status() == 503);
      assertThat(app.http.get("/health", null).json().get("database").asText()).isEqualTo("down");
      assertError(app.http.get("/api/v2/repositories", "hk_any-token"), 503, "unavailable");
    } finally {
      TestDatabase.restart();
    }
    Poll.until(
        Duration.ofSeconds(15),
        () -> delivery("after-outage-" + System.nanoTime(), hook.secret()).status() == 202);
    Reply redelivered = delivery("during-outage", hook.secret());
    assertThat(redelivered.status()).isEqualTo(202);
    assertThat(redelivered.json().get("status").asText())
        .as("it was not stored during the outage")
        .isEqualTo("received");
    assertThat(app.http.get("/health", null).status()).isEqualTo(200);
  }

  private static Reply delivery(String guid, String secret) {
    byte[] body =
        Payloads.githubRun(RUN_IDS.incrementAndGet(), "success", Instant.now().minusSeconds(30));
    return app.http.send(
        app.http
            .request("/api/v2/webhooks/github", null)
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "workflow_run")
            .header("X-GitHub-Delivery", guid)
            .header("X-GitHub-Hook-ID", Long.toString(hook.id()))
            .header("X-Hub-Signature-256", Payloads.githubSignature(secret, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }
}
