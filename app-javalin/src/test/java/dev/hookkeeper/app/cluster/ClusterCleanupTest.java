package dev.hookkeeper.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two instances whose background jobs race for the same queued hook deletions: each deletion is
 * done once at the provider (counted at the simulator), never twice and never by both.
 */
class ClusterCleanupTest {
  private static final int REPOSITORIES = 6;
  private static final Pattern DELETE =
      Pattern.compile("DELETE /repos/acme/cleanup-(\\d+)/hooks/(\\d+) (\\d{3})");

  @Test
  void queued_hook_deletions_are_done_once_across_the_cluster() throws Exception {
    try (Cluster cluster = new Cluster(2, Map.of("HOOKKEEPER_CLEANUP_INTERVAL", "2s"))) {
      for (int i = 0; i < REPOSITORIES; i++) {
        cluster.adminRepository("acme/cleanup-" + i, 8_100L + i);
      }
      cluster.startAll();
      ServerProcess a = cluster.server(0);
      String token = cluster.user(a, "alice");
      List<String> connections = new ArrayList<>();
      for (int i = 0; i < REPOSITORIES; i++)
        connections.add(cluster.connect(a, token, "acme/cleanup-" + i));

      // the provider is down while the user disconnects: every deletion is queued
      cluster.github.outage(true);
      Http http = new Http(a.url());
      for (String id : connections) {
        Reply r = http.delete("/api/v2/repositories/" + id + "/disconnect", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("webhook_deleted").asBoolean()).isFalse();
      }
      assertThat(cluster.count("SELECT count(*) FROM hook_cleanups")).isEqualTo(REPOSITORIES);
      cluster.github.outage(false);
      // the queue waits a minute before its first retry: make them due now, for both instances at
      // once
      cluster.execute("UPDATE hook_cleanups SET next_attempt_at = now()");

      Poll.until(
          Duration.ofSeconds(60), () -> cluster.count("SELECT count(*) FROM hook_cleanups") == 0);

      for (int i = 0; i < REPOSITORIES; i++)
        assertThat(cluster.github.hooks("acme/cleanup-" + i)).isEmpty();
      List<String> successfulDeletes = new ArrayList<>();
      for (String request : cluster.github.requests()) {
        Matcher m = DELETE.matcher(request);
        if (m.matches() && !m.group(3).startsWith("5"))
          successfulDeletes.add(m.group(1) + "/" + m.group(2) + " " + m.group(3));
      }
      assertThat(successfulDeletes)
          .as("each hook deleted once at the provider")
          .hasSize(REPOSITORIES)
          .allSatisfy(d -> assertThat(d).endsWith("204"))
          .doesNotHaveDuplicates();
      assertThat(cluster.rows("SELECT last_owner FROM cluster_jobs WHERE name = 'hook-cleanups'"))
          .hasSize(1);
    }
  }
}
