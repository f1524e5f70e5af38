package dev.hookkeeper.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hookkeeper behind a real PgBouncer in transaction mode (its pool through the pooler, with
 * prepared statements off) and listening on a direct session ({@code DATABASE_LISTEN_URL}): a
 * delivery is stored, processed, and its incident reaches a live stream.
 */
class PgBouncerTest {

  @Test
  void the_pool_works_through_pgbouncer_in_transaction_mode_and_listens_directly()
      throws Exception {
    int bouncerPort = ServerProcess.freePort();
    PgBouncer[] bouncer = new PgBouncer[1];
    try (Cluster cluster =
        new Cluster(
            1,
            db -> {
              try {
                bouncer[0] = PgBouncer.transactionMode(db, bouncerPort);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              URI uri = URI.create(db.substring("jdbc:".length()));
              String database = uri.getPath().substring(1);
              return Map.of(
                  "DATABASE_URL",
                  bouncer[0].jdbcUrl(
                      database,
                      PgBouncer.param(uri.getQuery(), "user"),
                      PgBouncer.param(uri.getQuery(), "password")),
                  "DATABASE_LISTEN_URL",
                  db);
            })) {
      try {
        cluster.adminRepository(TestApp.GH_REPO, TestApp.GH_REPO_ID);
        cluster.startAll();
        ServerProcess server = cluster.server(0);
        String token = cluster.user(server, "alice");
        cluster.connect(server, token, TestApp.GH_REPO);

        try (SseStream stream = SseStream.open(server.url() + "/api/v2/events", token, null)) {
          byte[] failure = Payloads.githubRun(42_001L, "failure", Instant.now().minusSeconds(60));
          List<GitHubSimulator.SimulatedDelivery> sent =
              cluster.github.deliver(TestApp.GH_REPO, "workflow_run", failure);
          assertThat(sent)
              .extracting(GitHubSimulator.SimulatedDelivery::statusCode)
              .containsExactly(202);
          assertThat(
                  stream
                      .nextOfType("incident.opened", Duration.ofSeconds(30))
                      .json()
                      .get("type")
                      .asText())
              .isEqualTo("incident.opened");
        }
        Http http = new Http(server.url());
        Poll.until(
            Duration.ofSeconds(30),
            () -> http.get("/api/v2/incidents?status=open", token).json().get("items").size() == 1);
        assertThat(bouncer[0].log())
            .as("the pool's sessions went through the pooler")
            .contains("login attempt");
      } finally {
        if (bouncer[0] != null) bouncer[0].close();
      }
    }
  }
}
