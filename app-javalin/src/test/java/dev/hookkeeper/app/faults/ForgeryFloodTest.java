package dev.hookkeeper.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.OneShotPost;
import dev.hookkeeper.app.support.OneShotPost.Exchange;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 10, item 3: a flood of forgeries costs an amortised write, and never delays or refuses
 * authentic deliveries from the same address (GitHub and GitLab deliver from a small shared pool).
 * 5 000 requests with the real hook id, a real payload and a wrong signature, offered at an even
 * pace over 30 s from 127.0.0.1, while authentic deliveries arrive from 127.0.0.1 every 100 ms.
 *
 * <p>Acceptance: every authentic delivery 2xx; every forgery 401 or 429; at most 200 rejected rows
 * stored; the hook status's {@code rejected_deliveries} exactly 5 000 once the ledger's
 * once-a-second flush ran.
 */
class ForgeryFloodTest {
  private static final Logger log = LoggerFactory.getLogger(ForgeryFloodTest.class);
  private static final int FORGERIES = 5_000;
  private static final Duration OVER = Duration.ofSeconds(30);
  private static TestApp app;
  private static TestApp.TestUser alice;
  private static String repositoryId;
  private static GitHubSimulator.SimulatedHook hook;
  private static InetSocketAddress address;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    alice = app.gitHubUser("alice", TestApp.ALICE_GH);
    repositoryId = app.connectActive(alice, TestApp.GH_REPO, "github");
    hook = app.github.hooks(TestApp.GH_REPO).get(0);
    URI uri = URI.create(app.url());
    address = new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void
      five_thousand_forgeries_in_30_s_are_counted_exactly_sampled_and_never_hold_up_authentic_deliveries()
          throws Exception {
    byte[] forgedBody = Payloads.githubRun(9_000_000L, "failure", Instant.now().minusSeconds(60));
    String forgedSignature = Payloads.githubSignature("not-the-hook-secret", forgedBody);
    ConcurrentLinkedQueue<Exchange> forged = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Exchange> authentic = new ConcurrentLinkedQueue<>();
    ExecutorService clients =
        Executors.newFixedThreadPool(
            24,
            r -> {
              Thread t = new Thread(r, "forger");
              t.setDaemon(true);
              return t;
            });
    AtomicLong runIds = new AtomicLong(9_100_000L);
    Thread genuine =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                long runId = runIds.incrementAndGet();
                byte[] body = Payloads.githubRun(runId, "success", Instant.now().minusSeconds(60));
                authentic.add(
                    OneShotPost.send(
                        address,
                        "/api/v2/webhooks/github",
                        body,
                        Duration.ofSeconds(15),
                        "Content-Type",
                        "application/json",
                        "X-GitHub-Event",
                        "workflow_run",
                        "X-GitHub-Delivery",
                        "flood-ok-" + runId,
                        "X-GitHub-Hook-ID",
                        Long.toString(hook.id()),
                        "X-Hub-Signature-256",
                        Payloads.githubSignature(hook.secret(), body)));
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "genuine");
    long start = System.nanoTime();
    genuine.start();
    long period = OVER.toNanos() / FORGERIES;
    for (int i = 0; i < FORGERIES; i++) {
      long due = start + i * period;
      long wait = due - System.nanoTime();
      if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
      String guid = "flood-forged-" + i;
      clients.execute(
          () ->
              forged.add(
                  OneShotPost.send(
                      address,
                      "/api/v2/webhooks/github",
                      forgedBody,
                      Duration.ofSeconds(15),
                      "Content-Type",
                      "application/json",
                      "X-GitHub-Event",
                      "workflow_run",
                      "X-GitHub-Delivery",
                      guid,
                      "X-GitHub-Hook-ID",
                      Long.toString(hook.id()),
                      "X-Hub-Signature-256",
                      forgedSignature)));
    }
    long offeredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    clients.shutdown();
    assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("forgeries answered").isTrue();
    long sentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    genuine.interrupt();
    genuine.join(20_000);

    // the ledger writes its counts once a second
    long[] rejected = new long[1];
    Poll.until(Duration.ofSeconds(15), () -> (rejected[0] = rejectedOnStatus()) >= FORGERIES);
    Thread.sleep(1_500); // a further flush must not add anything
    rejected[0] = rejectedOnStatus();
    long rows = count("SELECT count(*) FROM deliveries WHERE NOT signature_valid");
    Map<Integer, Long> forgedStatuses =
        forged.stream()
            .collect(Collectors.groupingBy(Exchange::status, TreeMap::new, Collectors.counting()));
    long authenticSlowest =
        authentic.stream().mapToLong(e -> e.duration().toMillis()).max().orElse(-1);
    List<Long> sorted = authentic.stream().map(e -> e.duration().toMillis()).sorted().toList();
    long authenticP99 = sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99)));
    log.info(
        "forgery flood: forged={} offered_in_ms={} answered_in_ms={} statuses={} rejected_deliveries={}"
            + " rejected_rows={} authentic={} authentic_non_2xx={} authentic_p99_ms={} authentic_slowest_ms={}",
        forged.size(),
        offeredMillis,
        sentMillis,
        forgedStatuses,
        rejected[0],
        rows,
        authentic.size(),
        authentic.stream().filter(e -> !e.ok()).count(),
        authenticP99,
        authenticSlowest);

    assertThat(forged)
        .hasSize(FORGERIES)
        .allSatisfy(e -> assertThat(e.status()).as(e.toString()).isIn(401, 429));
    assertThat(forgedStatuses).as("the failing traffic is throttled").containsKey(429);
    assertThat(authentic)
        .as("authentic deliveries from the same address meanwhile")
        .hasSizeGreaterThan(100)
        .allSatisfy(e -> assertThat(e.status()).as(e.toString()).isEqualTo(202));
    assertThat(rows).as("rejected rows stored").isLessThanOrEqualTo(200).isPositive();
    assertThat(rejected[0]).as("rejected_deliveries on the hook status").isEqualTo(FORGERIES);
    assertThat(
            count(
                "SELECT count(*) FROM deliveries WHERE signature_valid AND delivery_id LIKE 'flood-forged-%'"))
        .as("forgeries stored as authentic")
        .isZero();
  }

  private static long rejectedOnStatus() {
    return app.http
        .get("/api/v2/repositories/" + repositoryId + "/webhook/status", alice.token())
        .json()
        .get("rejected_deliveries")
        .asLong();
  }

  private static long count(String sql) {
    try (Connection c = DriverManager.getConnection(app.databaseUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
