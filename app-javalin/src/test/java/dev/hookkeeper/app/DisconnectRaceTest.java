package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
 * Issue 10, item 4: two users who share a repository's hook connect together and then disconnect
 * at the same moment, over real HTTP, on PostgreSQL, against the simulated GitHub; 50 rounds. Each
 * disconnect's transaction must see the other's: exactly one of them is the last and deletes the
 * hook, every round. The rounds run in five lanes at once (a repository and two users each), which
 * adds contention and keeps the test short: the GitHub client spaces one token's mutating calls a
 * second apart, as GitHub asks, so a round takes about two seconds.
 */
class DisconnectRaceTest {
  private static final int LANES = 5;
  private static final int ROUNDS_PER_LANE = 10;
  private static TestApp app;
  private static final List<Lane> lanes = new ArrayList<>();

  private record Lane(String repo, TestUser alice, TestUser bob) {}

  @BeforeAll
  static void start() {
    app = TestApp.start();
    for (int i = 0; i < LANES; i++) {
      String repo = "acme/raced-" + i;
      app.github.addRepository(repo, 9100L + i, true, "main");
      String aliceToken = String.format("ghp_racerA%030d", i);
      String bobToken = String.format("ghp_racerB%030d", i);
      app.github.addUser("racer-a-" + i, aliceToken, List.of("repo", "admin:repo_hook"));
      app.github.addUser("racer-b-" + i, bobToken, List.of("repo", "admin:repo_hook"));
      app.github.grant("racer-a-" + i, repo, GitHubSimulator.Role.ADMIN);
      app.github.grant("racer-b-" + i, repo, GitHubSimulator.Role.ADMIN);
      lanes.add(new Lane(repo, app.gitHubUser("racer-a-" + i, aliceToken), app.gitHubUser("racer-b-" + i, bobToken)));
    }
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void two_users_disconnecting_at_once_leave_no_hook_at_the_provider_and_no_hook_row() throws Exception {
    ExecutorService lanePool = Executors.newFixedThreadPool(LANES);
    ExecutorService requestPool = Executors.newFixedThreadPool(2 * LANES);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Lane lane : lanes) running.add(lanePool.submit(() -> race(lane, requestPool)));
      for (Future<?> lane : running) lane.get(10, TimeUnit.MINUTES);
    } finally {
      lanePool.shutdownNow();
      requestPool.shutdownNow();
    }
    for (Lane lane : lanes) assertThat(app.github.hooks(lane.repo())).as(lane.repo()).isEmpty();
    assertThat(count("SELECT count(*) FROM repository_hooks")).isZero();
    assertThat(count("SELECT count(*) FROM connections")).isZero();
    assertThat(count("SELECT count(*) FROM hook_cleanups")).isZero();
  }

  private static Void race(Lane lane, ExecutorService pool) throws Exception {
    for (int round = 1; round <= ROUNDS_PER_LANE; round++) {
      String at = lane.repo() + " round " + round;
      List<Reply> connected = both(lane, pool, user -> app.http.post("/api/v2/repositories/connect", user.token(),
          "{\"repository_full_name\": \"" + lane.repo() + "\"}"));
      assertThat(connected).as(at + " connects").allSatisfy(r -> assertThat(r.status()).isIn(200, 201));
      List<String> ids = connected.stream().map(r -> r.json().get("repository").get("id").asText()).toList();

      List<Reply> disconnected = both(lane, pool, user -> app.http.delete("/api/v2/repositories/"
          + ids.get(user == lane.alice() ? 0 : 1) + "/disconnect", user.token()));

      assertThat(disconnected).as(at + " disconnects").allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
      assertThat(disconnected.stream().filter(r -> r.json().get("webhook_deleted").asBoolean()).count())
          .as("%s: exactly one disconnect was the last and deleted the hook: %s", at, disconnected)
          .isEqualTo(1);
      assertThat(app.github.hooks(lane.repo())).as(at + ": hooks left at the provider").isEmpty();
      assertThat(count("SELECT count(*) FROM repository_hooks h JOIN repositories r ON r.id = h.repository_id"
          + " WHERE r.full_name = ?", lane.repo())).as(at + ": hook rows").isZero();
      assertThat(count("SELECT count(*) FROM connections c JOIN repositories r ON r.id = c.repository_id"
          + " WHERE r.full_name = ?", lane.repo())).as(at + ": connections").isZero();
      assertThat(count("SELECT count(*) FROM hook_cleanups WHERE repository_full_name = ?", lane.repo()))
          .as(at + ": queued cleanups").isZero();
    }
    return null;
  }

  /** The same request for the lane's two users, released together; replies in that order. */
  private static List<Reply> both(Lane lane, ExecutorService pool, Function<TestUser, Reply> request)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Future<Reply> a = pool.submit(() -> {
      go.await();
      return request.apply(lane.alice());
    });
    Future<Reply> b = pool.submit(() -> {
      go.await();
      return request.apply(lane.bob());
    });
    go.countDown();
    return List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
  }

  private static long count(String sql, String... args) throws SQLException {
    try (Connection c = DriverManager.getConnection(app.databaseUrl); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) s.setString(i + 1, args[i]);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
