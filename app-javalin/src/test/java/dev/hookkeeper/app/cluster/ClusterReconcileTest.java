package dev.hookkeeper.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.OneShotPost;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.github.simulator.GitHubSimulator.SimulatedHook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Two instances on one database, each with reconcile workers on a 2-second interval: every broken
 * hook is repaired once across the cluster (the repairs counted at the simulated GitHub), and a
 * secret rotated through one instance is accepted by the other within a second (the hook change
 * reaches the other instance's cache through the database's change feed).
 */
class ClusterReconcileTest {
  private static final int REPOSITORIES = 6;
  private static final Pattern REPAIR =
      Pattern.compile("(POST|PATCH) /repos/acme/race-(\\d+)/hooks(/\\d+)? (\\d{3})");

  @Test
  void two_instances_racing_for_the_same_reconciles_repair_each_hook_once() throws Exception {
    try (Cluster cluster = new Cluster(2, Map.of("HOOKKEEPER_RECONCILE_INTERVAL", "2s"))) {
      for (int i = 0; i < REPOSITORIES; i++) {
        cluster.github.addRepository("acme/race-" + i, 8_200L + i, true, "main");
        cluster.github.grant("alice", "acme/race-" + i, GitHubSimulator.Role.ADMIN);
      }
      cluster.startAll();
      ServerProcess a = cluster.server(0);
      String token = cluster.user(a, "alice");
      List<String> connections = new ArrayList<>();
      for (int i = 0; i < REPOSITORIES; i++)
        connections.add(cluster.connect(a, token, "acme/race-" + i));
      // both instances have had their turns at the healthy hooks
      Thread.sleep(3_000);

      int before = cluster.github.requests().size();
      Map<Integer, Long> broken = new HashMap<>();
      for (int i = 0; i < REPOSITORIES; i++) {
        SimulatedHook hook = cluster.github.hooks("acme/race-" + i).get(0);
        broken.put(i, hook.id());
        if (i % 2 == 0) {
          cluster.github.outOfBand().deleteHook("acme/race-" + i, hook.id());
        } else {
          cluster.github.outOfBand().setHookActive("acme/race-" + i, hook.id(), false);
        }
      }

      Poll.until(
          Duration.ofSeconds(60),
          () -> {
            for (int i = 0; i < REPOSITORIES; i++) {
              List<SimulatedHook> hooks = cluster.github.hooks("acme/race-" + i);
              if (hooks.size() != 1 || !hooks.get(0).active()) return false;
            }
            return true;
          });
      // a few more turns on both instances: nothing is repaired again
      Thread.sleep(5_000);

      Map<Integer, List<String>> repairs = new HashMap<>();
      List<String> journal = cluster.github.requests();
      for (String request : journal.subList(before, journal.size())) {
        Matcher m = REPAIR.matcher(request);
        if (m.matches() && m.group(4).startsWith("2")) {
          repairs
              .computeIfAbsent(Integer.parseInt(m.group(2)), k -> new ArrayList<>())
              .add(request);
        }
      }
      for (int i = 0; i < REPOSITORIES; i++) {
        List<String> done = repairs.getOrDefault(i, List.of());
        String created = "POST /repos/acme/race-" + i + "/hooks ";
        if (i % 2 == 0) {
          assertThat(done)
              .as("repository %d: recreated once", i)
              .singleElement()
              .satisfies(r -> assertThat(r).startsWith(created));
        } else {
          assertThat(done)
              .as("repository %d: switched on again once", i)
              .containsExactly("PATCH /repos/acme/race-" + i + "/hooks/" + broken.get(i) + " 200");
        }
      }
      Http http = new Http(cluster.server(1).url());
      for (int i = 0; i < REPOSITORIES; i++) {
        List<String> kinds = new ArrayList<>();
        for (JsonNode e :
            http.get(
                    "/api/v2/repositories/" + connections.get(i) + "/webhook/events?limit=200",
                    token)
                .json()
                .get("items")) {
          kinds.add(e.get("kind").asText());
        }
        String repair = i % 2 == 0 ? "recreated" : "reenabled";
        assertThat(kinds.stream().filter(repair::equals))
            .as("repository %d's trail: %s", i, kinds)
            .hasSize(1);
      }
      // the self-healing periodic jobs are scheduled once for the cluster, like the others
      for (String job : List.of("secret-retirement", "reencryption")) {
        assertThat(cluster.rows("SELECT last_owner FROM cluster_jobs WHERE name = '" + job + "'"))
            .as(job)
            .hasSize(1);
      }
    }
  }

  @Test
  void a_secret_rotated_through_one_instance_is_accepted_by_the_other_within_a_second()
      throws Exception {
    try (Cluster cluster = new Cluster(2, Map.of("HOOKKEEPER_SECRET_GRACE", "1h"))) {
      cluster.github.addRepository("acme/rotate", 8_300L, true, "main");
      cluster.github.grant("alice", "acme/rotate", GitHubSimulator.Role.ADMIN);
      cluster.startAll();
      ServerProcess a = cluster.server(0);
      ServerProcess b = cluster.server(1);
      String token = cluster.user(a, "alice");
      String connection = cluster.connect(a, token, "acme/rotate");
      SimulatedHook before = cluster.github.hooks("acme/rotate").get(0);
      // B has found the hook (and keeps it cached) before the rotation
      assertThat(send(b, before.id(), before.secret(), 1).status()).isEqualTo(202);

      Reply rotated =
          new Http(a.url())
              .post("/api/v2/repositories/" + connection + "/webhook/rotate-secret", token, "");
      long rotatedAt = System.nanoTime();
      assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
      SimulatedHook after = cluster.github.hooks("acme/rotate").get(0);
      assertThat(after.secret()).isNotEqualTo(before.secret());

      long[] acceptedAfter = {-1};
      long[] run = {100};
      Poll.until(
          Duration.ofSeconds(10),
          () -> {
            if (send(b, after.id(), after.secret(), ++run[0]).status() == 202) {
              acceptedAfter[0] = System.nanoTime() - rotatedAt;
              return true;
            }
            return false;
          });
      assertThat(Duration.ofNanos(acceptedAfter[0]))
          .as("the new secret accepted on the other instance")
          .isLessThan(Duration.ofSeconds(1));
      LoggerFactory.getLogger(ClusterReconcileTest.class)
          .info(
              "rotation through A accepted on B {} ms after A answered",
              Duration.ofNanos(acceptedAfter[0]).toMillis());
      // the old one still is, for the grace period, on both
      assertThat(send(b, before.id(), before.secret(), 900).status()).isEqualTo(202);
      assertThat(send(a, before.id(), before.secret(), 901).status()).isEqualTo(202);
    }
  }

  /** A signed {@code workflow_run} delivery straight to {@code server}. */
  private static OneShotPost.Exchange send(
      ServerProcess server, long hookId, String secret, long runId) {
    byte[] body =
        Payloads.githubRun(
            runId, "success", Instant.parse("2026-12-01T10:00:00Z").plusSeconds(runId));
    return OneShotPost.send(
        server.address(),
        "/api/v2/webhooks/github",
        body,
        Duration.ofSeconds(10),
        "Content-Type",
        "application/json",
        "X-GitHub-Event",
        "workflow_run",
        "X-GitHub-Delivery",
        UUID.randomUUID().toString(),
        "X-GitHub-Hook-ID",
        Long.toString(hookId),
        "X-Hub-Signature-256",
        Payloads.githubSignature(secret, body));
  }
}
