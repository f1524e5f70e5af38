package dev.hookkeeper.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.OneShotPost;
import dev.hookkeeper.app.support.OneShotPost.Exchange;
import dev.hookkeeper.app.support.OneShotPost.Outcome;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three instances on one database behind a round-robin sender; one is killed with kill -9 a third
 * of the way through and restarted two thirds of the way. Every acknowledged delivery is stored
 * once with its effects applied once, and event streams held open on the surviving instances get
 * every event exactly once and in order, whichever instance stored and processed it.
 */
class ClusterFailoverTest {
  private static final Logger log = LoggerFactory.getLogger(ClusterFailoverTest.class);
  private static final Duration RUN = Duration.ofSeconds(60);
  private static final int SENDERS = 3;

  /** Per sender: paced, so the test asks the same of a machine three times slower. */
  private static final Duration PACE = Duration.ofMillis(40);

  @Test
  void a_killed_instance_loses_nothing_and_every_stream_sees_every_event_once_in_order()
      throws Exception {
    try (Cluster cluster = new Cluster(3, Map.of())) {
      cluster.adminRepository(TestApp.GH_REPO, TestApp.GH_REPO_ID);
      cluster.startAll();
      ServerProcess a = cluster.server(0);
      ServerProcess b = cluster.server(1);
      ServerProcess c = cluster.server(2);
      String token = cluster.user(a, "alice");
      cluster.connect(a, token, TestApp.GH_REPO);
      GitHubSimulator.SimulatedHook hook = cluster.github.hooks(TestApp.GH_REPO).get(0);

      long startId = cluster.count("SELECT coalesce(max(id), 0) FROM notifications");
      try (SseStream onA =
              SseStream.open(a.url() + "/api/v2/events", token, Long.toString(startId));
          SseStream onB =
              SseStream.open(b.url() + "/api/v2/events", token, Long.toString(startId))) {
        Load load = new Load(List.of(a, b, c), hook);
        long began = System.nanoTime();
        load.start();
        try {
          sleepUntil(began, RUN.dividedBy(3));
          assertThat(c.kill()).isEqualTo(ServerProcess.SIGKILL_EXIT);
          sleepUntil(began, RUN.multipliedBy(2).dividedBy(3));
          c.start(Cluster.START_TIMEOUT);
          sleepUntil(began, RUN);
        } finally {
          load.stop();
        }
        Poll.until(
            Duration.ofSeconds(120),
            () -> cluster.count("SELECT count(*) FROM deliveries WHERE status = 'received'") == 0);
        long lastId = cluster.count("SELECT coalesce(max(id), 0) FROM notifications");
        List<SseStream.Event> seenOnA = collect(onA, lastId);
        List<SseStream.Event> seenOnB = collect(onB, lastId);

        List<Sent> acked = List.copyOf(load.acked);
        log.info(
            "cluster failover: acknowledged={} refused={} unanswered={} notifications={} on_a={} on_b={}",
            acked.size(),
            load.refused.get(),
            load.unanswered.size(),
            lastId - startId,
            seenOnA.size(),
            seenOnB.size());
        assertThat(load.failures).as("client errors").isEmpty();
        assertThat(load.otherAnswers)
            .as("answers that were neither 2xx nor a refused connection")
            .isEmpty();
        assertThat(acked).as("acknowledged").hasSizeGreaterThan(300);
        assertThat(load.ackedBy(c)).as("the restarted instance acknowledged again").isTrue();

        // stored once, processed, effects once
        assertThat(
                cluster.count(
                    "SELECT count(*) - count(DISTINCT delivery_id) FROM deliveries WHERE signature_valid"))
            .as("delivery ids stored twice")
            .isZero();
        Map<String, String> status = new HashMap<>();
        for (List<String> r :
            cluster.rows("SELECT delivery_id, status FROM deliveries WHERE signature_valid")) {
          status.put(r.get(0), r.get(1));
        }
        Set<Long> runs = new HashSet<>();
        for (List<String> r : cluster.rows("SELECT provider_run_id FROM workflow_runs"))
          runs.add(Long.parseLong(r.get(0)));
        List<String> lost = new ArrayList<>();
        for (Sent s : acked) {
          if (!"processed".equals(status.get(s.guid())) || !runs.contains(s.runId()))
            lost.add(s + " " + status.get(s.guid()));
        }
        assertThat(lost).as("acknowledged deliveries missing or without effects").isEmpty();
        assertThat(
                cluster.count(
                    "SELECT count(*) FROM notifications WHERE type = 'workflow_run_updated'"))
            .as("one run update per run, not per processing")
            .isEqualTo(runs.size());
        assertThat(
                cluster.count(
                    "SELECT count(*) FROM (SELECT data->>'run_id' FROM notifications"
                        + " WHERE type = 'workflow_run_updated' GROUP BY 1 HAVING count(*) > 1) twice"))
            .isZero();

        // every stream: each id after its start exactly once, in order, as stored
        List<List<String>> stored =
            cluster
                .rows("SELECT id, type FROM notifications WHERE id > " + startId + " ORDER BY id")
                .stream()
                .map(
                    r ->
                        List.of(
                            r.get(0),
                            NotificationType.valueOf(r.get(1).toUpperCase(Locale.ROOT)).wireName()))
                .toList();
        for (List<SseStream.Event> seen : List.of(seenOnA, seenOnB)) {
          assertThat(seen)
              .extracting(e -> List.of(e.id(), e.event()))
              .containsExactlyElementsOf(stored);
        }
      }
    }
  }

  private static List<SseStream.Event> collect(SseStream stream, long lastId) {
    List<SseStream.Event> seen = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      SseStream.Event e = stream.poll(Duration.ofMillis(500));
      if (e == null) {
        if (!seen.isEmpty() && Long.parseLong(seen.get(seen.size() - 1).id()) >= lastId) break;
        continue;
      }
      if (e.id() != null && !e.id().isEmpty()) seen.add(e);
    }
    return seen;
  }

  private static void sleepUntil(long began, Duration at) throws InterruptedException {
    long wait = began + at.toNanos() - System.nanoTime();
    if (wait > 0) Thread.sleep(wait / 1_000_000);
  }

  private record Sent(long runId, String conclusion, int server) {
    String guid() {
      return "cluster-" + runId;
    }
  }

  /**
   * Senders handing deliveries round-robin to the instances, paced; a refused connection is not
   * retried.
   */
  private static final class Load {
    private final List<ServerProcess> servers;
    private final GitHubSimulator.SimulatedHook hook;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong runIds = new AtomicLong(5_000_000);
    private final Instant createdAt = Instant.now().minusSeconds(600);
    private final List<Thread> threads = new ArrayList<>();
    final ConcurrentLinkedQueue<Sent> acked = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Sent> unanswered = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> otherAnswers = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicLong refused = new AtomicLong();

    Load(List<ServerProcess> servers, GitHubSimulator.SimulatedHook hook) {
      this.servers = servers;
      this.hook = hook;
    }

    boolean ackedBy(ServerProcess server) {
      int i = servers.indexOf(server);
      return acked.stream().anyMatch(s -> s.server() == i);
    }

    void start() {
      for (int i = 0; i < SENDERS; i++) {
        Thread t = new Thread(this::run, "cluster-load-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) t.join(30_000);
    }

    private void run() {
      try {
        while (running.get()) {
          long runId = runIds.incrementAndGet();
          int target = (int) (runId % servers.size());
          Sent sent = new Sent(runId, runId % 3 == 0 ? "failure" : "success", target);
          byte[] body = Payloads.githubRun(runId, sent.conclusion(), createdAt.plusMillis(runId));
          Exchange e =
              OneShotPost.send(
                  servers.get(target).address(),
                  "/api/v2/webhooks/github",
                  body,
                  Duration.ofSeconds(15),
                  "Content-Type",
                  "application/json",
                  "X-GitHub-Event",
                  "workflow_run",
                  "X-GitHub-Delivery",
                  sent.guid(),
                  "X-GitHub-Hook-ID",
                  Long.toString(hook.id()),
                  "X-Hub-Signature-256",
                  Payloads.githubSignature(hook.secret(), body));
          if (e.outcome() == Outcome.REFUSED) {
            refused.incrementAndGet();
          } else if (e.outcome() == Outcome.NO_ANSWER) {
            unanswered.add(sent);
          } else if (e.ok()) {
            acked.add(sent);
          } else {
            otherAnswers.add(sent.guid() + " to server " + target + ": " + e);
          }
          Thread.sleep(PACE.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failures.add(e.toString());
      }
    }
  }
}
