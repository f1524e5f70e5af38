package dev.hookkeeper.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.OneShotPost;
import dev.hookkeeper.app.support.OneShotPost.Exchange;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.ResumingEventSource;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestDatabase;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persist, acknowledge, then process, under {@code kill -9}. The server runs as a child process
 * with {@code HOOKKEEPER_PROCESSORS=0}, so it only stores and acknowledges: 520 signed {@code
 * workflow_run} deliveries (failures and successes on four branches) are each answered {@code 202
 * received} and sit in the inbox unprocessed. It is killed with SIGKILL, restarted with processors,
 * and killed again while they work through that backlog (once the event stream has shown some of
 * their effects); a last start drains the inbox. A user's event stream stays connected throughout
 * the way a browser's {@code EventSource} does: reconnecting after each kill with {@code
 * Last-Event-ID}.
 *
 * <p>Then, from the database: every acknowledged delivery processed once; every run with the
 * conclusion sent; per branch the incidents (open or resolved, occurrences each) exactly what the
 * deliveries give when applied in order without a crash (computed from what was sent: each branch's
 * runs were sent one after the other, so arrival order is run order); the hook active (its ping was
 * in the backlog too). From the stream: ids strictly increasing, no effect announced twice (under
 * two ids), and every notification the database holds for the user received.
 *
 * <p>Replay a run with {@code -Dcrash.seed=<seed printed by the failed run>}.
 */
class AcknowledgedBacklogCrashTest {
  private static final Logger log = LoggerFactory.getLogger(AcknowledgedBacklogCrashTest.class);
  private static final int BRANCHES = 4;
  private static final int RUNS_PER_BRANCH = 130;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // bytes 0..31

  private GitHubSimulator github;
  private ServerProcess server;
  private String databaseUrl;
  private ResumingEventSource stream;

  @BeforeEach
  void start() throws IOException {
    github = GitHubSimulator.start();
    github.addRepository(TestApp.GH_REPO, TestApp.GH_REPO_ID, true, "main");
    github.addUser("alice", TestApp.ALICE_GH, List.of("repo", "admin:repo_hook"));
    github.grant("alice", TestApp.GH_REPO, GitHubSimulator.Role.ADMIN);
    databaseUrl = TestDatabase.freshDatabaseUrl();
    Path dir = Files.createDirectories(Path.of("target", "backlog-crash"));
    Path logFile = dir.resolve("server.log");
    Files.deleteIfExists(logFile);
    int port = ServerProcess.freePort();
    server =
        new ServerProcess(
            Map.of(
                "HOST",
                "127.0.0.1",
                "PORT",
                Integer.toString(port),
                "DATABASE_URL",
                databaseUrl,
                "WEBHOOK_BASE_URL",
                "http://127.0.0.1:" + port,
                "WEBHOOK_SECRET_ENCRYPTION_KEY",
                KEY,
                "HOOKKEEPER_ADMIN_TOKEN",
                TestApp.ADMIN_TOKEN,
                "HOOKKEEPER_DATA_DIR",
                dir.resolve("data").toAbsolutePath().toString(),
                "GITHUB_API_URL",
                github.baseUrl(),
                "GITLAB_URL",
                "http://127.0.0.1:9",
                "LOG_FORMAT",
                "text"),
            logFile);
  }

  @AfterEach
  void stop() {
    if (stream != null) stream.close();
    if (server != null) server.close();
    github.close();
  }

  @Test
  void
      a_backlog_of_acknowledged_deliveries_survives_kill_minus_nine_before_and_during_its_processing()
          throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    log.info("backlog crash test seed={} (replay with -Dcrash.seed={})", seed, seed);
    long began = System.nanoTime();
    server.environment("HOOKKEEPER_PROCESSORS", "0");
    server.start(START_TIMEOUT);
    String token = createUser();
    // from the user's first notification on: Last-Event-ID 0 asks for everything after id 0
    stream = new ResumingEventSource(server.url() + "/api/v2/events", token, 0);
    GitHubSimulator.SimulatedHook hook = connectRepository(token);

    List<Sent> sent = send(hook, new Random(seed));
    assertThat(sent)
        .hasSize(BRANCHES * RUNS_PER_BRANCH)
        .allSatisfy(
            s -> {
              assertThat(s.exchange().status()).as(s.toString()).isEqualTo(202);
              assertThat(s.exchange().json().get("status").asText())
                  .as(s.toString())
                  .isEqualTo("received");
            });
    Map<String, String> beforeKill = deliveryStatuses();
    assertThat(beforeKill).as("stored before the first kill").hasSize(sent.size());
    assertThat(beforeKill.values())
        .as("none processed by an instance without processors")
        .containsOnly("received");
    long backlogAtFirstKill = pendingInInbox();
    assertThat(backlogAtFirstKill)
        .as("acknowledged but unprocessed at the first kill")
        .isGreaterThanOrEqualTo(500);
    assertThat(stream.events())
        .as("effects of deliveries announced before any processing")
        .noneMatch(e -> e.type().startsWith("workflow_run.") || e.type().startsWith("incident."));
    int eventsBeforeProcessing = stream.received(); // the connection's own (its hook created)

    int firstKill = server.kill();
    server.environment("HOOKKEEPER_PROCESSORS", null); // the default: 2
    Duration restart1 = server.start(START_TIMEOUT);
    // the second kill lands while the processors work through the backlog: after the stream showed
    // some of their effects, before the inbox is empty
    Poll.until(
        Duration.ofSeconds(60),
        () -> stream.received() > eventsBeforeProcessing || pendingInInbox() == 0);
    long backlogAtSecondKill = pendingInInbox();
    int eventsAtSecondKill = stream.received();
    int secondKill = server.kill();
    boolean midway = backlogAtSecondKill > 0 && eventsAtSecondKill > eventsBeforeProcessing;
    if (!midway) {
      log.warn(
          "backlog crash test: processing finished before the second kill could land (backlog {}, events {});"
              + " the checks below still run",
          backlogAtSecondKill,
          eventsAtSecondKill);
    }
    Duration restart2 = server.start(START_TIMEOUT);
    Poll.until(Duration.ofSeconds(90), () -> pendingInInbox() == 0);
    long notifications = notificationCount();
    Poll.until(Duration.ofSeconds(30), () -> stream.received() >= notifications);
    Thread.sleep(500); // anything announced twice would arrive now
    List<ResumingEventSource.Event> events = stream.events();
    stream.close();
    server.close();

    Map<String, String> after = deliveryStatuses();
    Map<Long, String> runs = runConclusions();
    Map<String, List<IncidentState>> incidents = incidentsByBranch();
    Map<Long, String> notified = notificationsOfTheUser();
    log.info(
        "backlog crash test: acknowledged={} backlog_at_first_kill={} backlog_at_second_kill={}"
            + " events_at_second_kill={} killed_midway={} events={} connections={} notifications={} restart_ms={},{}"
            + " took_ms={} seed={}",
        sent.size(),
        backlogAtFirstKill,
        backlogAtSecondKill,
        eventsAtSecondKill,
        midway,
        events.size(),
        stream.connections(),
        notified.size(),
        restart1.toMillis(),
        restart2.toMillis(),
        Duration.ofNanos(System.nanoTime() - began).toMillis(),
        seed);

    assertThat(List.of(firstKill, secondKill))
        .as("both kills were SIGKILLs")
        .containsOnly(ServerProcess.SIGKILL_EXIT);
    List<String> unprocessed = new ArrayList<>();
    for (Sent s : sent) {
      if (!"processed".equals(after.get(s.guid())))
        unprocessed.add(s.guid() + "=" + after.get(s.guid()));
    }
    assertThat(unprocessed).as("acknowledged deliveries not processed").isEmpty();
    assertThat(after).as("no delivery stored twice or added").hasSize(sent.size());
    List<String> wrongRuns = new ArrayList<>();
    for (Sent s : sent) {
      if (!s.conclusion().equals(runs.get(s.runId())))
        wrongRuns.add(s.runId() + ": " + runs.get(s.runId()));
    }
    assertThat(wrongRuns).as("runs whose stored conclusion is not the one sent").isEmpty();
    assertThat(runs).hasSize(sent.size());
    assertThat(incidents)
        .as("incidents per branch, in order, with their occurrences")
        .isEqualTo(expectedIncidents(sent));
    assertThat(hookStatus())
        .as("the hook, activated by its ping from the backlog")
        .isEqualTo("active");

    // the stream: strictly increasing ids, no effect twice, nothing the database holds missed
    assertThat(stream.refusals()).as("stream answers other than 200").isEmpty();
    assertThat(events.stream().map(ResumingEventSource.Event::id).toList())
        .as("event ids")
        .isSorted()
        .doesNotHaveDuplicates();
    Map<String, List<Long>> byEffect =
        events.stream()
            .collect(
                Collectors.groupingBy(
                    AcknowledgedBacklogCrashTest::effect,
                    TreeMap::new,
                    Collectors.mapping(ResumingEventSource.Event::id, Collectors.toList())));
    assertThat(
            byEffect.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(Object::toString)
                .toList())
        .as("effects announced more than once")
        .isEmpty();
    Map<Long, String> received = new TreeMap<>();
    for (ResumingEventSource.Event e : events) received.put(e.id(), e.type().replace('.', '_'));
    assertThat(received)
        .as("the user's notifications received over the stream, by id")
        .isEqualTo(notified);
    assertThat(stream.connections())
        .as("the stream resumed after each kill")
        .isGreaterThanOrEqualTo(3);
  }

  /** What one event announces, whatever its id: the same effect twice would give the same key. */
  private static String effect(ResumingEventSource.Event e) {
    var d = e.json().get("data");
    if (e.type().equals("workflow_run.updated")) {
      return e.type()
          + " run="
          + d.get("run_id").asLong()
          + "/"
          + d.get("attempt").asInt()
          + " "
          + d.get("status").asText()
          + "/"
          + d.get("conclusion").asText();
    }
    if (e.type().startsWith("incident.")) return e.type() + " " + d.get("incident_id").asText();
    return e.type() + " " + d.get("webhook_status").asText();
  }

  /**
   * Four client threads, one per branch, each sending its branch's runs one after the other (so a
   * branch's arrival order is its run order), a seeded mix of failures and successes.
   */
  private List<Sent> send(GitHubSimulator.SimulatedHook hook, Random random)
      throws InterruptedException {
    List<List<String>> conclusions = new ArrayList<>();
    for (int b = 0; b < BRANCHES; b++) {
      List<String> branch = new ArrayList<>();
      for (int i = 0; i < RUNS_PER_BRANCH; i++)
        branch.add(random.nextInt(5) < 2 ? "failure" : "success");
      conclusions.add(branch);
    }
    ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    Instant base = Instant.now().minusSeconds(RUNS_PER_BRANCH * 10L);
    List<Thread> threads = new ArrayList<>();
    for (int b = 0; b < BRANCHES; b++) {
      int branchNo = b;
      Thread t =
          new Thread(
              () -> {
                String branch = "branch-" + branchNo;
                for (int i = 0; i < RUNS_PER_BRANCH; i++) {
                  long runId = 3_000_000L + branchNo * 10_000L + i;
                  String conclusion = conclusions.get(branchNo).get(i);
                  byte[] body =
                      Payloads.githubRun(runId, conclusion, base.plusSeconds(i * 10L), branch);
                  String guid = "backlog-" + runId;
                  Exchange e =
                      OneShotPost.send(
                          server.address(),
                          "/api/v2/webhooks/github",
                          body,
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
                          Payloads.githubSignature(hook.secret(), body));
                  sent.add(new Sent(branch, i, runId, conclusion, e));
                }
              },
              "backlog-client-" + b);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) t.join(300_000);
    return new ArrayList<>(sent);
  }

  /** The incidents a crash-free processing gives: per branch, in run order. */
  private static Map<String, List<IncidentState>> expectedIncidents(List<Sent> sent) {
    Map<String, List<IncidentState>> expected = new TreeMap<>();
    Map<String, List<Sent>> byBranch = sent.stream().collect(Collectors.groupingBy(Sent::branch));
    for (Map.Entry<String, List<Sent>> e : byBranch.entrySet()) {
      List<IncidentState> incidents = new ArrayList<>();
      IncidentState open = null;
      for (Sent s :
          e.getValue().stream().sorted(java.util.Comparator.comparingInt(Sent::index)).toList()) {
        if (s.conclusion().equals("failure")) {
          open =
              open == null
                  ? new IncidentState("open", 1)
                  : new IncidentState("open", open.occurrences() + 1);
        } else if (open != null) {
          incidents.add(new IncidentState("resolved", open.occurrences()));
          open = null;
        }
      }
      if (open != null) incidents.add(open);
      if (!incidents.isEmpty()) expected.put(e.getKey(), incidents);
    }
    return expected;
  }

  private String createUser() {
    Http http = new Http(server.url());
    Reply user = http.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "{\"name\": \"alice\"}");
    assertThat(user.status()).as(user.toString()).isEqualTo(201);
    String token = user.json().get("api_token").asText();
    assertThat(
            http.put(
                    "/api/v2/providers/github/token",
                    token,
                    "{\"access_token\": \"" + TestApp.ALICE_GH + "\"}")
                .status())
        .isEqualTo(200);
    return token;
  }

  /**
   * Connects; the simulator's ping is stored, and stays unprocessed while there are no processors.
   */
  private GitHubSimulator.SimulatedHook connectRepository(String token) {
    Http http = new Http(server.url());
    Reply connected =
        http.post(
            "/api/v2/repositories/connect",
            token,
            "{\"repository_full_name\": \"" + TestApp.GH_REPO + "\", \"provider\": \"github\"}");
    assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
    return github.hooks(TestApp.GH_REPO).get(0);
  }

  private Connection db() throws SQLException {
    return DriverManager.getConnection(databaseUrl);
  }

  private long pendingInInbox() {
    return count("SELECT count(*) FROM deliveries WHERE status = 'received'");
  }

  private long notificationCount() {
    return count("SELECT count(*) FROM notifications");
  }

  private long count(String sql) {
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> deliveryStatuses() throws SQLException {
    Map<String, String> stored = new HashMap<>();
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT delivery_id, status FROM deliveries WHERE signature_valid AND delivery_id LIKE 'backlog-%'")) {
      while (rs.next()) stored.merge(rs.getString(1), rs.getString(2), (a, b) -> a + "+" + b);
    }
    return stored;
  }

  private Map<Long, String> runConclusions() throws SQLException {
    Map<Long, String> runs = new HashMap<>();
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT provider_run_id, conclusion FROM workflow_runs")) {
      while (rs.next()) runs.merge(rs.getLong(1), rs.getString(2), (a, b) -> a + "+" + b);
    }
    return runs;
  }

  private Map<String, List<IncidentState>> incidentsByBranch() throws SQLException {
    Map<String, List<IncidentState>> byBranch = new TreeMap<>();
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT i.branch, i.status, (SELECT count(*) FROM incident_occurrences o WHERE o.incident_id = i.id)"
                    + " FROM incidents i ORDER BY i.branch, (SELECT min(o.seq) FROM incident_occurrences o"
                    + " WHERE o.incident_id = i.id)")) {
      while (rs.next()) {
        byBranch
            .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
            .add(new IncidentState(rs.getString(2), rs.getInt(3)));
      }
    }
    return byBranch;
  }

  private Map<Long, String> notificationsOfTheUser() throws SQLException {
    Map<Long, String> notified = new TreeMap<>();
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, type FROM notifications")) {
      while (rs.next()) notified.put(rs.getLong(1), rs.getString(2));
    }
    return notified;
  }

  private String hookStatus() throws SQLException {
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT webhook_status FROM repository_hooks")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private record IncidentState(String status, int occurrences) {}

  private record Sent(String branch, int index, long runId, String conclusion, Exchange exchange) {
    String guid() {
      return "backlog-" + runId;
    }
  }
}
