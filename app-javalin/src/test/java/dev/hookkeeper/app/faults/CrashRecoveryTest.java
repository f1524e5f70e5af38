package dev.hookkeeper.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.OneShotPost;
import dev.hookkeeper.app.support.OneShotPost.Exchange;
import dev.hookkeeper.app.support.OneShotPost.Outcome;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestDatabase;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server as a separate process under steady load, killed with SIGKILL five times at random
 * moments and restarted on the same database each time. Afterwards, straight from the database:
 * every delivery that was answered 2xx is stored, processed, with its workflow run and, for a
 * failed run, its incident occurrence. Deliveries that got no answer may be missing (GitHub would
 * show them as failed); they are counted, as are those of them that were stored anyway (committed,
 * then killed before the answer left).
 *
 * <p>Replay a run with {@code -Dcrash.seed=<seed printed by the failed run>}.
 */
class CrashRecoveryTest {
  private static final Logger log = LoggerFactory.getLogger(CrashRecoveryTest.class);
  private static final int KILLS = 5;
  private static final int CLIENTS = 6;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(30);
  private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // bytes 0..31

  private GitHubSimulator github;
  private ServerProcess server;
  private String databaseUrl;

  @BeforeEach
  void start() throws IOException {
    github = GitHubSimulator.start();
    github.addRepository(TestApp.GH_REPO, TestApp.GH_REPO_ID, true, "main");
    github.addUser("alice", TestApp.ALICE_GH, List.of("repo", "admin:repo_hook"));
    github.grant("alice", TestApp.GH_REPO, GitHubSimulator.Role.ADMIN);
    databaseUrl = TestDatabase.freshDatabaseUrl();
    Path dir = Files.createDirectories(Path.of("target", "crash-recovery"));
    Path logFile = dir.resolve("server.log");
    Files.deleteIfExists(logFile);
    int port = ServerProcess.freePort();
    server = new ServerProcess(Map.of(
        "HOST", "127.0.0.1",
        "PORT", Integer.toString(port),
        "DATABASE_URL", databaseUrl,
        "WEBHOOK_BASE_URL", "http://127.0.0.1:" + port,
        "WEBHOOK_SECRET_ENCRYPTION_KEY", KEY,
        "HOOKKEEPER_ADMIN_TOKEN", TestApp.ADMIN_TOKEN,
        "HOOKKEEPER_DATA_DIR", dir.resolve("data").toAbsolutePath().toString(),
        "GITHUB_API_URL", github.baseUrl(),
        "GITLAB_URL", "http://127.0.0.1:9",
        "LOG_FORMAT", "text"), logFile);
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
    github.close();
  }

  @Test
  void every_acknowledged_delivery_survives_five_kill_minus_nine_restarts() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    log.info("crash test seed={} (replay with -Dcrash.seed={})", seed, seed);
    Random random = new Random(seed);
    long began = System.nanoTime();
    Duration firstStart = server.start(START_TIMEOUT);
    GitHubSimulator.SimulatedHook hook = connectRepository();

    Load load = new Load(server.address(), hook);
    List<Duration> restarts = new ArrayList<>();
    List<Long> ackedAtKill = new ArrayList<>();
    int[] exitCodes = new int[KILLS];
    load.start();
    try {
      for (int k = 0; k < KILLS; k++) {
        long ackedBefore = load.acknowledged();
        long ms = 700 + random.nextInt(1_800);
        Thread.sleep(ms);
        // at least some load went through this incarnation before it is killed (a timeout for
        // progress: ~1 s here, and a machine three times slower still gets there well within it)
        Poll.until(PROGRESS_TIMEOUT, () -> load.acknowledged() > ackedBefore + 20);
        ackedAtKill.add(load.acknowledged());
        exitCodes[k] = server.kill();
        restarts.add(server.start(START_TIMEOUT));
      }
      long ackedBefore = load.acknowledged();
      Poll.until(PROGRESS_TIMEOUT, () -> load.acknowledged() > ackedBefore + 50);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + server.logTail(), e);
    } finally {
      load.stop();
    }
    // acknowledged means stored: the effects follow from the inbox, including for what the kills left
    Poll.until(Duration.ofSeconds(60), () -> pendingInInbox() == 0);
    server.close();

    Stored stored = readStored();
    List<Sent> acked = List.copyOf(load.acked);
    List<Sent> unanswered = List.copyOf(load.unanswered);
    long unansweredStored = unanswered.stream().filter(s -> stored.deliveries.containsKey(s.guid())).count();
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    log.info("crash test: acknowledged={} unanswered={} (stored anyway={}) refused={} stored={} kills={} seed={}"
            + " first_start_ms={} restart_ms={} took_ms={}", acked.size(), unanswered.size(), unansweredStored,
        load.refused.get(), stored.deliveries.size(), KILLS, seed, firstStart.toMillis(),
        restarts.stream().map(Duration::toMillis).toList(), took.toMillis());

    assertThat(exitCodes).as("each kill was a SIGKILL").containsOnly(ServerProcess.SIGKILL_EXIT);
    assertThat(load.failures).as("client errors other than refused/no answer").isEmpty();
    assertThat(load.otherAnswers).as("answers that were not 2xx").isEmpty();
    assertThat(acked).as("acknowledged deliveries").hasSizeGreaterThan(300);
    assertThat(ackedAtKill).as("load acknowledged between every two kills").isSorted().doesNotHaveDuplicates();
    assertThat(unanswered).as("requests in flight when a kill landed").isNotEmpty();

    // run numbers follow run ids here; a failure older than a success already applied opens
    // nothing (decision 6), and concurrent senders deliver some failures after a newer success
    long newestSuccess = stored.runs.entrySet().stream().filter(e -> "success".equals(e.getValue()))
        .mapToLong(Map.Entry::getKey).max().orElse(0);
    List<String> lost = new ArrayList<>();
    for (Sent s : acked) {
      String status = stored.deliveries.get(s.guid());
      String conclusion = stored.runs.get(s.runId());
      boolean incident = stored.occurrences.contains(s.runId());
      boolean failed = s.conclusion().equals("failure");
      boolean effect = failed ? incident || s.runId() < newestSuccess : !incident;
      if (!"processed".equals(status) || !s.conclusion().equals(conclusion) || !effect) {
        lost.add(s + " -> delivery=" + status + " run=" + conclusion + " incident=" + incident);
      }
    }
    assertThat(lost).as("acknowledged deliveries missing or without their effects").isEmpty();
    long newestRun = stored.runs.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(stored.openIncidents).as("open exactly while the newest run failed")
        .isEqualTo("failure".equals(stored.runs.get(newestRun)) ? 1 : 0);
    assertThat(stored.duplicates).as("delivery ids stored twice").isZero();
  }

  private GitHubSimulator.SimulatedHook connectRepository() {
    Http http = new Http(server.url());
    Reply user = http.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "{\"name\": \"alice\"}");
    assertThat(user.status()).as(user.toString()).isEqualTo(201);
    String token = user.json().get("api_token").asText();
    assertThat(http.put("/api/v2/providers/github/token", token,
        "{\"access_token\": \"" + TestApp.ALICE_GH + "\"}").status()).isEqualTo(200);
    Reply connected = http.post("/api/v2/repositories/connect", token,
        "{\"repository_full_name\": \"" + TestApp.GH_REPO + "\", \"provider\": \"github\"}");
    assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
    String id = connected.json().get("repository").get("id").asText();
    Poll.until(Duration.ofSeconds(10), () -> "active".equals(
        http.get("/api/v2/repositories/" + id + "/webhook/status", token).json().get("status").asText()));
    return github.hooks(TestApp.GH_REPO).get(0);
  }

  private long pendingInInbox() {
    try (Connection c = DriverManager.getConnection(databaseUrl); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM deliveries WHERE status = 'received'")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Stored readStored() throws SQLException {
    Stored stored = new Stored();
    try (Connection c = DriverManager.getConnection(databaseUrl); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT delivery_id, status FROM deliveries"
          + " WHERE signature_valid AND delivery_id LIKE 'crash-%'")) {
        while (rs.next()) {
          if (stored.deliveries.put(rs.getString(1), rs.getString(2)) != null) stored.duplicates++;
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT provider_run_id, conclusion FROM workflow_runs")) {
        while (rs.next()) stored.runs.put(rs.getLong(1), rs.getString(2));
      }
      try (ResultSet rs = s.executeQuery("SELECT provider_run_id FROM incident_occurrences")) {
        while (rs.next()) stored.occurrences.add(rs.getLong(1));
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM incidents WHERE status = 'open'")) {
        rs.next();
        stored.openIncidents = rs.getInt(1);
      }
    }
    return stored;
  }

  /** What the database holds after the run. */
  private static final class Stored {
    final Map<String, String> deliveries = new HashMap<>();
    final Map<Long, String> runs = new HashMap<>();
    final Set<Long> occurrences = new HashSet<>();
    int openIncidents;
    int duplicates;
  }

  /** One signed workflow_run delivery: its own run, its own delivery id. */
  private record Sent(long runId, String conclusion) {
    String guid() {
      return "crash-" + runId;
    }
  }

  /**
   * Client threads sending real signed deliveries back to back, each on a new connection; while
   * the server is down they retry connecting every few milliseconds.
   */
  private static final class Load {
    private final InetSocketAddress address;
    private final GitHubSimulator.SimulatedHook hook;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong runIds = new AtomicLong(1_000_000);
    private final Instant createdAt = Instant.now().minusSeconds(120);
    private final List<Thread> threads = new ArrayList<>();
    final ConcurrentLinkedQueue<Sent> acked = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Sent> unanswered = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> otherAnswers = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicLong refused = new AtomicLong();

    Load(InetSocketAddress address, GitHubSimulator.SimulatedHook hook) {
      this.address = address;
      this.hook = hook;
    }

    long acknowledged() {
      return acked.size();
    }

    void start() {
      for (int i = 0; i < CLIENTS; i++) {
        Thread t = new Thread(this::run, "crash-load-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) t.join(20_000);
    }

    private void run() {
      try {
        while (running.get()) {
          long runId = runIds.incrementAndGet();
          // one in three fails: each of those must also leave an incident occurrence behind, unless a
          // newer run succeeded first
          Sent sent = new Sent(runId, runId % 3 == 0 ? "failure" : "success");
          byte[] body = Payloads.githubRun(runId, sent.conclusion(), createdAt.plusMillis(runId));
          Exchange e = OneShotPost.send(address, "/api/v2/webhooks/github", body, Duration.ofSeconds(15),
              "Content-Type", "application/json", "X-GitHub-Event", "workflow_run",
              "X-GitHub-Delivery", sent.guid(), "X-GitHub-Hook-ID", Long.toString(hook.id()),
              "X-Hub-Signature-256", Payloads.githubSignature(hook.secret(), body));
          if (e.outcome() == Outcome.REFUSED) {
            refused.incrementAndGet();
            Thread.sleep(10);
          } else if (e.outcome() == Outcome.NO_ANSWER) {
            unanswered.add(sent);
          } else if (e.ok()) {
            acked.add(sent);
          } else {
            otherAnswers.add(sent.guid() + ": " + e);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failures.add(e.toString());
      }
    }
  }
}
