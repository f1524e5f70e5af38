package dev.hookkeeper.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 10, item 2: the event name of every ingest request is a metric label, and it comes from an
 * unauthenticated header. 10 000 requests, each with a new event name, over real HTTP against the
 * real server: {@code /metrics} must stay within 1 kB of its size before, and no series may carry a
 * name the sender chose.
 */
class MetricLabelFloodTest {
  private static final Logger log = LoggerFactory.getLogger(MetricLabelFloodTest.class);
  private static final int REQUESTS = 10_000;
  private static final int IN_FLIGHT = 32;
  private static TestApp app;
  private static TestUser alice;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    alice = app.gitHubUser("alice", TestApp.ALICE_GH);
    app.connectActive(alice, TestApp.GH_REPO, "github");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void ten_thousand_invented_event_names_leave_metrics_the_same_size() throws Exception {
    Random random = new Random(42);
    // every kind of request the flood sends, with invented names, so that every series the flood
    // can legitimately touch (provider x outcome, and the "other" event) exists before; and enough
    // of them that the counts printed (latency histogram buckets) gain at most a digit or so
    flood(random, 2_000);
    String before = metrics();

    ConcurrentHashMap<Integer, Integer> statuses = flood(random, REQUESTS);
    String after = metrics();

    int growth = after.length() - before.length();
    log.atInfo().addKeyValue("requests", REQUESTS).addKeyValue("statuses", statuses)
        .addKeyValue("metrics_bytes_before", before.length()).addKeyValue("metrics_bytes_after", after.length())
        .log("metric label flood: /metrics grew by {} bytes", growth);
    assertThat(statuses.keySet()).as("answers").isNotEmpty().allMatch(s -> s >= 400 && s < 500);
    assertThat(Math.abs(growth)).as("change of /metrics size in bytes").isLessThanOrEqualTo(1024);
    assertThat(after).doesNotContain("flood_").doesNotContain("Flood ");
    assertThat(after).contains("event=\"other\"");
  }

  @Test
  void known_event_names_keep_their_own_label() {
    app.github.deliver(TestApp.GH_REPO, "workflow_run",
        Payloads.githubRun(77_001L, "success", Instant.now().minusSeconds(60)));

    assertThat(metrics()).containsPattern(
        "hookkeeper_deliveries_total\\{event=\"workflow_run\",outcome=\"[a-z_]+\",provider=\"github\"}");
  }

  /** {@code n} refused requests, a new event name each, on both endpoints; answers by status. */
  private static ConcurrentHashMap<Integer, Integer> flood(Random random, int n) throws Exception {
    ConcurrentHashMap<Integer, Integer> statuses = new ConcurrentHashMap<>();
    Semaphore slots = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<?>> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      slots.acquire();
      HttpRequest request = request(random, i);
      all.add(Http.client().sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete((r, e) -> {
            slots.release();
            statuses.merge(r == null ? -1 : r.statusCode(), 1, Integer::sum);
          }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    return statuses;
  }

  /**
   * Four shapes: GitHub without a delivery id (400), GitHub with a forged signature, GitLab
   * without a token, GitLab with a wrong token (401, then 429 once the address is throttled). The
   * names match the old filter ({@code [A-Za-z_ ]{1,40}}), which let every one through as a label.
   */
  private static HttpRequest request(Random random, int i) {
    String name = letters(random, 16);
    byte[] body = "{\"zen\":\"flood\"}".getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url() + (i % 4 < 2
            ? "/api/v2/webhooks/github" : "/api/v2/webhooks/gitlab")))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    switch (i % 4) {
      case 0 -> b.header("X-GitHub-Event", "flood_" + name);
      case 1 -> b.header("X-GitHub-Event", "flood_" + name).header("X-GitHub-Delivery", "d-" + i)
          .header("X-GitHub-Hook-ID", "123456789").header("X-Hub-Signature-256", "sha256=" + "0".repeat(64));
      case 2 -> b.header("X-Gitlab-Event", "Flood " + name);
      default -> b.header("X-Gitlab-Event", "Flood " + name).header("X-Gitlab-Token", "not-a-token-" + i);
    }
    return b.build();
  }

  private static String letters(Random random, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) sb.append((char) ('a' + random.nextInt(26)));
    return sb.toString();
  }

  private static String metrics() {
    return app.http.get("/metrics", null).body();
  }
}
