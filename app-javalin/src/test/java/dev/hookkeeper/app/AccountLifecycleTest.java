package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 12 over real HTTP on PostgreSQL against the simulated GitHub: rotating an API
 * token, deleting a provider token, deleting a user, and what each leaves in the database and at
 * the provider.
 */
class AccountLifecycleTest {
  private static final String SOLO = "acme/solo";
  private static final String SHARED = "acme/shared";
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    for (String repo : List.of(SOLO, SHARED)) {
      app.github.addRepository(repo, repo.equals(SOLO) ? 7001L : 7002L, true, "main");
      app.github.grant("alice", repo, GitHubSimulator.Role.ADMIN);
      app.github.grant("bob", repo, GitHubSimulator.Role.ADMIN);
    }
    app.github.grant("alice", TestApp.GH_OTHER_REPO, GitHubSimulator.Role.ADMIN);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void a_rotated_api_token_is_refused_at_once_and_only_the_new_ones_hash_is_stored() throws Exception {
    TestUser user = app.createUser("rotor");

    Reply rotated = app.http.post("/api/v2/users/me/api-token", user.token(), "");

    assertThat(rotated.status()).isEqualTo(200);
    String fresh = rotated.json().get("api_token").asText();
    assertThat(fresh).startsWith("hk_").isNotEqualTo(user.token());
    assertThat(app.http.get("/api/v2/repositories", user.token()).status()).isEqualTo(401);
    assertThat(app.http.get("/api/v2/repositories", fresh).status()).isEqualTo(200);
    assertThat(text("SELECT api_token_sha256 FROM users WHERE id = ?", user.id())).isEqualTo(sha256(fresh));
    assertThat(count("SELECT count(*) FROM users WHERE api_token_sha256 = ? OR api_token_sha256 = ?", fresh,
        sha256(user.token()))).isZero();
  }

  @Test
  void deleting_a_provider_token_hands_management_over_or_needs_force_to_delete_the_hooks_only_it_manages()
      throws Exception {
    TestUser alice = app.gitHubUser("token-alice", TestApp.ALICE_GH);
    TestUser bob = app.gitHubUser("token-bob", TestApp.BOB_GH);
    app.connectActive(alice, SHARED, "github");
    app.connect(bob, SHARED, "github");
    app.connectActive(alice, SOLO, "github");

    Reply refused = app.http.delete("/api/v2/providers/github/token", alice.token());

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("error").asText()).isEqualTo("token_in_use");
    assertThat(refused.json().get("repositories")).extracting(JsonNode::asText).containsExactly(SOLO);
    assertThat(count("SELECT count(*) FROM provider_tokens WHERE user_id = ?", alice.id())).isEqualTo(1);
    assertThat(app.github.hooks(SOLO)).hasSize(1);

    Reply forced = app.http.delete("/api/v2/providers/github/token?force=true", alice.token());

    assertThat(forced.status()).isEqualTo(200);
    assertThat(forced.json().get("handed_over")).extracting(JsonNode::asText).containsExactly(SHARED);
    assertThat(forced.json().get("disconnected")).extracting(JsonNode::asText).containsExactly(SOLO);
    assertThat(forced.json().get("pending_webhook_deletions")).isEmpty();
    assertThat(app.github.hooks(SOLO)).as("deleted with alice's token before it went").isEmpty();
    assertThat(app.github.hooks(SHARED)).hasSize(1);
    assertThat(text("SELECT h.managed_by FROM repository_hooks h JOIN repositories r ON r.id = h.repository_id"
        + " WHERE r.full_name = ?", SHARED)).isEqualTo(bob.id());
    assertThat(count("SELECT count(*) FROM provider_tokens WHERE user_id = ?", alice.id())).isZero();
    assertThat(count("SELECT count(*) FROM connections WHERE user_id = ?", alice.id())).as("still on " + SHARED)
        .isEqualTo(1);
    assertThat(app.http.delete("/api/v2/providers/github/token", alice.token()).status()).isEqualTo(404);
  }

  @Test
  void deleting_a_user_disconnects_everything_and_deletes_what_was_only_theirs() throws Exception {
    TestUser alice = app.gitHubUser("leaving-alice", TestApp.ALICE_GH);
    TestUser bob = app.gitHubUser("staying-bob", TestApp.BOB_GH);
    app.connectActive(alice, TestApp.GH_REPO, "github");
    app.connect(bob, TestApp.GH_REPO, "github");
    app.connectActive(alice, TestApp.GH_OTHER_REPO, "github");
    app.github.deliver(TestApp.GH_REPO, "workflow_run", Payloads.githubRun(4001L, "failure", Instant.now()));
    Poll.until(Duration.ofSeconds(10), () -> count("SELECT count(*) FROM incidents") == 2);
    assertThat(count("SELECT count(*) FROM notifications WHERE user_id = ?", alice.id())).isPositive();

    Reply deleted = app.http.delete("/api/v2/admin/users/" + alice.id(), TestApp.ADMIN_TOKEN);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(texts(deleted.json().get("disconnected"))).containsExactlyInAnyOrder(TestApp.GH_REPO,
        TestApp.GH_OTHER_REPO);
    assertThat(texts(deleted.json().get("webhooks_deleted"))).containsExactly(TestApp.GH_OTHER_REPO);
    assertThat(deleted.json().get("abandoned_webhooks")).isEmpty();
    assertThat(app.github.hooks(TestApp.GH_OTHER_REPO)).isEmpty();
    assertThat(app.github.hooks(TestApp.GH_REPO)).hasSize(1);
    assertThat(app.http.get("/api/v2/repositories", alice.token()).status()).isEqualTo(401);
    for (String table : List.of("users WHERE id", "provider_tokens WHERE user_id", "connections WHERE user_id",
        "notifications WHERE user_id", "notification_counters WHERE user_id", "incidents WHERE user_id",
        "repository_hooks WHERE managed_by", "hook_cleanups WHERE token_owner")) {
      assertThat(count("SELECT count(*) FROM " + table + " = ?", alice.id())).as(table).isZero();
    }
    assertThat(count("SELECT count(*) FROM incidents WHERE user_id = ?", bob.id())).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM repository_hooks WHERE managed_by = ?", bob.id())).isEqualTo(1);
    assertThat(app.http.delete("/api/v2/admin/users/" + alice.id(), TestApp.ADMIN_TOKEN).status()).isEqualTo(404);
  }

  @Test
  void a_user_whose_webhook_the_provider_cannot_delete_yet_is_kept_until_it_can_or_force() throws Exception {
    TestUser carol = app.gitHubUser("outage-carol", TestApp.ALICE_GH);
    app.connectActive(carol, SOLO, "github");
    app.github.outage(true);
    Reply pending;
    try {
      pending = app.http.delete("/api/v2/admin/users/" + carol.id(), TestApp.ADMIN_TOKEN);
    } finally {
      app.github.outage(false);
    }

    assertThat(pending.status()).isEqualTo(409);
    assertThat(pending.json().get("error").asText()).isEqualTo("webhook_deletion_pending");
    assertThat(texts(pending.json().get("repositories"))).containsExactly(SOLO);
    assertThat(count("SELECT count(*) FROM users WHERE id = ?", carol.id())).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM connections WHERE user_id = ?", carol.id())).isZero();
    assertThat(app.http.get("/api/v2/repositories", carol.token()).status()).as("signed out").isEqualTo(401);

    Reply deleted = app.http.delete("/api/v2/admin/users/" + carol.id(), TestApp.ADMIN_TOKEN);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(texts(deleted.json().get("webhooks_deleted"))).containsExactly(SOLO);
    assertThat(app.github.hooks(SOLO)).isEmpty();
    assertThat(count("SELECT count(*) FROM users WHERE id = ?", carol.id())).isZero();
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static String sha256(String value) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static long count(String sql, String... args) {
    return Long.parseLong(text(sql, args));
  }

  private static String text(String sql, String... args) {
    try (Connection c = DriverManager.getConnection(app.databaseUrl); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) s.setString(i + 1, args[i]);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) throw new AssertionError("no row: " + sql);
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }
}
