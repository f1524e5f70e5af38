package dev.hookkeeper.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.OneShotPost;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every instance keeps the hooks it found for a short time (two seconds). A change made through one
 * instance reaches the others' caches through PostgreSQL within a second: a secret rotated on A is
 * accepted on B, and a hook deleted on A is refused by B even though B had just used it.
 */
class ClusterHookCacheTest {
  private static final Logger log = LoggerFactory.getLogger(ClusterHookCacheTest.class);
  private static final Duration WITHIN = Duration.ofSeconds(1);
  private static final AtomicLong RUN_IDS = new AtomicLong(9_100_000);

  @Test
  void a_hook_changed_through_one_instance_is_seen_by_the_other_within_a_second() throws Exception {
    try (Cluster cluster = new Cluster(2, Map.of())) {
      cluster.adminRepository(TestApp.GH_REPO, TestApp.GH_REPO_ID);
      cluster.startAll();
      ServerProcess a = cluster.server(0);
      ServerProcess b = cluster.server(1);
      String token = cluster.user(a, "alice");
      String connection = cluster.connect(a, token, TestApp.GH_REPO);
      Http onA = new Http(a.url());

      // rotated on A: the new secret is accepted on B, which was using the old one a moment ago
      GitHubSimulator.SimulatedHook before = hook(cluster);
      assertThat(deliver(b, before).status()).isEqualTo(202);
      Reply rotated =
          onA.post("/api/v2/repositories/" + connection + "/webhook/rotate-secret", token, "{}");
      assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
      GitHubSimulator.SimulatedHook after = hook(cluster);
      assertThat(after.secret()).isNotEqualTo(before.secret());
      long acceptedAfter = firstAnswer(b, after, 202);
      log.info(
          "secret rotated on A: first delivery signed with the new secret accepted on B after {} ms",
          acceptedAfter);

      // deleted on A while B has it cached: B refuses its deliveries
      assertThat(deliver(b, after).status()).isEqualTo(202);
      Reply gone = onA.delete("/api/v2/repositories/" + connection + "/disconnect", token);
      assertThat(gone.status()).as(gone.toString()).isEqualTo(200);
      long refusedAfter = firstAnswer(b, after, 401);
      log.info("hook deleted on A: first delivery refused on B after {} ms", refusedAfter);
    }
  }

  private static GitHubSimulator.SimulatedHook hook(Cluster cluster) {
    return cluster.github.hooks(TestApp.GH_REPO).get(0);
  }

  /**
   * Sends a new delivery to {@code server} until it answers {@code status}; fails unless that
   * happens within {@link #WITHIN}. Returns after how many ms it did.
   */
  private static long firstAnswer(
      ServerProcess server, GitHubSimulator.SimulatedHook hook, int status) {
    long begin = System.nanoTime();
    OneShotPost.Exchange last;
    do {
      last = deliver(server, hook);
      if (last.status() == status) return Duration.ofNanos(System.nanoTime() - begin).toMillis();
    } while (System.nanoTime() - begin < WITHIN.toNanos());
    throw new AssertionError("no " + status + " within " + WITHIN + "; last answer: " + last);
  }

  private static OneShotPost.Exchange deliver(
      ServerProcess server, GitHubSimulator.SimulatedHook hook) {
    long runId = RUN_IDS.incrementAndGet();
    byte[] body =
        Payloads.githubRun(
            runId, "success", Instant.now().minusSeconds(600).plusSeconds(runId % 500));
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
        "cache-" + runId,
        "X-GitHub-Hook-ID",
        Long.toString(hook.id()),
        "X-Hub-Signature-256",
        Payloads.githubSignature(hook.secret(), body));
  }
}
