package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.github.GitHubSimulator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 4: two users who share a repository's hook disconnect at the same moment, over
 * real HTTP, on PostgreSQL, against the simulated GitHub. Each disconnect's transaction must see
 * the other's: exactly one of them is the last and deletes the hook, every round.
 */
class DisconnectRaceTest {
  private static final String REPO = "acme/raced";
  private static final int ROUNDS = 50;
  private static TestApp app;
  private static TestUser alice;
  private static TestUser bob;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    app.github.addRepository(REPO, 9191L, true, "main");
    app.github.grant("alice", REPO, GitHubSimulator.Role.ADMIN);
    app.github.grant("bob", REPO, GitHubSimulator.Role.ADMIN);
    alice = app.gitHubUser("alice", TestApp.ALICE_GH);
    bob = app.gitHubUser("bob", TestApp.BOB_GH);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void two_users_disconnecting_at_once_leave_no_hook_at_the_provider_and_no_hook_row() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 1; round <= ROUNDS; round++) {
        List<Reply> connected = both(pool, user -> app.http.post("/api/v2/repositories/connect", user.token(),
            "{\"repository_full_name\": \"" + REPO + "\"}"));
        assertThat(connected).as("round %d connects", round).allSatisfy(r -> assertThat(r.status()).isIn(200, 201));
        String aliceConnection = connected.get(0).json().get("repository").get("id").asText();
        String bobConnection = connected.get(1).json().get("repository").get("id").asText();

        List<Reply> disconnected = both(pool, user -> app.http.delete("/api/v2/repositories/"
            + (user == alice ? aliceConnection : bobConnection) + "/disconnect", user.token()));

        assertThat(disconnected).as("round %d disconnects", round).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(disconnected.stream().filter(r -> r.json().get("webhook_deleted").asBoolean()).count())
            .as("round %d: exactly one disconnect was the last and deleted the hook: %s", round, disconnected)
            .isEqualTo(1);
        assertThat(app.github.hooks(REPO)).as("round %d: hooks left at the provider", round).isEmpty();
        assertThat(count("SELECT count(*) FROM repository_hooks")).as("round %d: hook rows", round).isZero();
        assertThat(count("SELECT count(*) FROM connections")).as("round %d: connections", round).isZero();
        assertThat(count("SELECT count(*) FROM hook_cleanups")).as("round %d: queued cleanups", round).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The same request for alice and bob, released together; replies in that order. */
  private static List<Reply> both(ExecutorService pool, Function<TestUser, Reply> request) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Future<Reply> a = pool.submit(() -> {
      go.await();
      return request.apply(alice);
    });
    Future<Reply> b = pool.submit(() -> {
      go.await();
      return request.apply(bob);
    });
    go.countDown();
    return List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(app.databaseUrl); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
