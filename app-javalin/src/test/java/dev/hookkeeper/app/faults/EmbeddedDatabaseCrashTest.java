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
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server as a separate process on its own embedded PostgreSQL (no {@code DATABASE_URL}, as a
 * newcomer runs it), under load, killed with SIGKILL five times; each kill is followed by one plain
 * start on the same data directory, which must be ready within 30 s. In odd rounds only the JVM is
 * killed, and its PostgreSQL must stop by itself (the watchdog); in even rounds the watchdog is
 * killed too, so the start finds a PostgreSQL still running on its data directory and must stop it.
 * Every delivery acknowledged over all incarnations is in the database; answers are 2xx, or 503
 * ("not stored": a request accepted as a graceful stop began), never anything else. A last SIGTERM
 * under load stops everything, PostgreSQL included.
 */
class EmbeddedDatabaseCrashTest {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseCrashTest.class);
  private static final int ROUNDS = 5;
  private static final int CLIENTS = 4;
  private static final Duration FIRST_START = Duration.ofSeconds(90); // initdb included
  private static final Duration READY_AFTER_A_KILL = Duration.ofSeconds(30); // the acceptance bound
  private static final Duration POSTGRES_GONE = Duration.ofSeconds(30);

  @TempDir Path tmp;
  private GitHubSimulator github;
  private ServerProcess server;
  private Path data;

  @BeforeEach
  void start() throws IOException {
    github = GitHubSimulator.start();
    github.addRepository(TestApp.GH_REPO, TestApp.GH_REPO_ID, true, "main");
    github.addUser("alice", TestApp.ALICE_GH, List.of("repo", "admin:repo_hook"));
    github.grant("alice", TestApp.GH_REPO, GitHubSimulator.Role.ADMIN);
    data = tmp.resolve("data");
    Path logFile = Files.createDirectories(Path.of("target", "embedded-crash")).resolve("server.log");
    Files.deleteIfExists(logFile);
    int port = ServerProcess.freePort();
    server = new ServerProcess(Map.of(
        "HOST", "127.0.0.1",
        "PORT", Integer.toString(port),
        "WEBHOOK_BASE_URL", "http://127.0.0.1:" + port,
        "HOOKKEEPER_ADMIN_TOKEN", TestApp.ADMIN_TOKEN,
        "HOOKKEEPER_DATA_DIR", data.toAbsolutePath().toString(),
        "GITHUB_API_URL", github.baseUrl(),
        "GITLAB_URL", "http://127.0.0.1:9",
        "LOG_FORMAT", "text", "HOOKKEEPER_INGEST_LOG_LEVEL", "WARN"), logFile, List.of(ServerProcess.PRODUCTION_LOGGING));
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
    github.close();
    // nothing of ours may run on after the test, whatever failed
    postmaster().flatMap(EmbeddedDatabaseCrashTest::running).ifPresent(ProcessHandle::destroy);
  }

  @Test
  void every_start_after_a_kill_minus_nine_under_load_is_ready_within_30_s() throws Exception {
    server.start(FIRST_START);
    GitHubSimulator.SimulatedHook hook = connectRepository();
    Load load = new Load(server.address(), hook);
    List<Long> readyMillis = new ArrayList<>();
    List<Long> postgresGoneMillis = new ArrayList<>();
    int[] exitCodes = new int[ROUNDS];
    load.start();
    try {
      for (int round = 1; round <= ROUNDS; round++) {
        long ackedBefore = load.acked.size();
        Poll.until(Duration.ofSeconds(30), () -> load.acked.size() > ackedBefore + 20);
        long postgres = postmaster().orElseThrow();
        boolean killWatchdog = round % 2 == 0;
        List<ProcessHandle> watchdogs = server.handle().descendants().toList();
        assertThat(watchdogs).as("the server's child processes (its PostgreSQL watchdog)").isNotEmpty();
        if (killWatchdog) watchdogs.forEach(ProcessHandle::destroyForcibly);
        exitCodes[round - 1] = server.kill();
        if (killWatchdog) {
          assertThat(running(postgres)).as("round %d: PostgreSQL outlives a server killed with its watchdog", round)
              .isPresent();
        } else {
          long killed = System.nanoTime();
          Poll.until(POSTGRES_GONE, () -> running(postgres).isEmpty());
          postgresGoneMillis.add((System.nanoTime() - killed) / 1_000_000);
        }
        readyMillis.add(server.start(READY_AFTER_A_KILL).toMillis());
        assertThat(running(postgres)).as("round %d: the PostgreSQL of the killed server", round).isEmpty();
      }
      long ackedBefore = load.acked.size();
      Poll.until(Duration.ofSeconds(30), () -> load.acked.size() > ackedBefore + 20);
      List<String> acknowledged = List.copyOf(load.acked); // before the query: the load goes on
      Set<String> stored = storedDeliveryIds();
      List<String> lost = acknowledged.stream().filter(id -> !stored.contains(id)).toList();
      assertThat(lost).as("acknowledged deliveries missing from the embedded database").isEmpty();

      long postgres = postmaster().orElseThrow();
      assertThat(server.stop(Duration.ofSeconds(60))).as("exit status after SIGTERM").isEqualTo(128 + 15);
      assertThat(running(postgres)).as("PostgreSQL after a graceful stop").isEmpty();
      assertThat(data.resolve("postgres").resolve("postmaster.pid")).as("a clean PostgreSQL shutdown").doesNotExist();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n" + server.logTail(), e);
    } finally {
      load.stop();
    }
    log.info("embedded crash test: rounds={} ready_after_kill_ms={} postgres_gone_after_kill_ms={} acknowledged={}"
            + " unanswered={} refused={} unavailable_503={} other_answers={}", ROUNDS, readyMillis, postgresGoneMillis,
        load.acked.size(), load.unanswered.get(), load.refused.get(), load.unavailable.get(), load.otherAnswers.size());
    assertThat(exitCodes).as("each kill was a SIGKILL").containsOnly(ServerProcess.SIGKILL_EXIT);
    assertThat(load.otherAnswers).as("answers that were neither 2xx nor 503").isEmpty();
    assertThat(load.failures).as("client errors").isEmpty();
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
    Poll.until(Duration.ofSeconds(30), () -> "active".equals(
        http.get("/api/v2/repositories/" + id + "/webhook/status", token).json().get("status").asText()));
    return github.hooks(TestApp.GH_REPO).get(0);
  }

  /** The running embedded PostgreSQL's pid, from its lock file. */
  private Optional<Long> postmaster() {
    try {
      List<String> lines = Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid"));
      return Optional.of(Long.parseLong(lines.get(0).strip()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A process that runs (a zombie, exited but not reaped by this machine's init, does not). */
  private static Optional<ProcessHandle> running(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        return stat.substring(stat.lastIndexOf(')') + 1).strip().charAt(0) != 'Z';
      } catch (IOException | RuntimeException e) {
        return true;
      }
    });
  }

  /** Delivery ids in the embedded database, over its own files: the port and the generated password. */
  private Set<String> storedDeliveryIds() throws Exception {
    Path postgres = data.resolve("postgres");
    String port = Files.readAllLines(postgres.resolve("postmaster.pid")).get(3).strip();
    String password = Files.readString(data.resolve("postgres.password")).strip();
    Set<String> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
        + "/postgres?user=postgres&password=" + password); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT delivery_id FROM deliveries WHERE signature_valid")) {
      while (rs.next()) ids.add(rs.getString(1));
    }
    return ids;
  }

  /** Client threads sending signed deliveries back to back, each on a new connection. */
  private static final class Load {
    private final InetSocketAddress address;
    private final GitHubSimulator.SimulatedHook hook;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong runIds = new AtomicLong(2_000_000);
    private final Instant createdAt = Instant.now().minusSeconds(120);
    private final List<Thread> threads = new ArrayList<>();
    final ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> otherAnswers = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicLong unanswered = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();

    Load(InetSocketAddress address, GitHubSimulator.SimulatedHook hook) {
      this.address = address;
      this.hook = hook;
    }

    void start() {
      for (int i = 0; i < CLIENTS; i++) {
        Thread t = new Thread(this::run, "embedded-crash-load-" + i);
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
          String guid = "embedded-crash-" + runId;
          byte[] body = Payloads.githubRun(runId, runId % 3 == 0 ? "failure" : "success", createdAt.plusMillis(runId));
          Exchange e = OneShotPost.send(address, "/api/v2/webhooks/github", body, Duration.ofSeconds(15),
              "Content-Type", "application/json", "X-GitHub-Event", "workflow_run",
              "X-GitHub-Delivery", guid, "X-GitHub-Hook-ID", Long.toString(hook.id()),
              "X-Hub-Signature-256", Payloads.githubSignature(hook.secret(), body));
          if (e.outcome() == Outcome.REFUSED) {
            refused.incrementAndGet();
            Thread.sleep(10);
          } else if (e.outcome() == Outcome.NO_ANSWER) {
            unanswered.incrementAndGet();
          } else if (e.ok()) {
            acked.add(guid);
          } else if (e.status() == 503) {
            // "not stored, send again": what Jetty answers a request it accepted as a graceful stop began
            unavailable.incrementAndGet();
          } else {
            otherAnswers.add(guid + ": " + e);
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
