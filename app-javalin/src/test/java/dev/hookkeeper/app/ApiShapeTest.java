package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every /api/v2 route's success and error shapes, over real HTTP. */
class ApiShapeTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void admin_creates_a_user_and_shows_the_token_once() {
    Reply r = app.http.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "{\"name\": \"dora\"}");
    assertThat(r.status()).isEqualTo(201);
    assertThat(fields(r.json())).containsExactly("id", "name", "api_token");
    assertThat(r.json().get("id").asText()).startsWith("usr_");
    assertThat(r.json().get("name").asText()).isEqualTo("dora");
    assertThat(r.json().get("api_token").asText()).startsWith("hk_");
    Reply listed = app.http.get("/api/v2/repositories", r.json().get("api_token").asText());
    assertThat(listed.status()).isEqualTo(200);
    assertThat(fields(listed.json())).containsExactly("items", "next_cursor");
    assertThat(listed.json().get("next_cursor").isNull()).isTrue();
  }

  @Test
  void rejects_a_wrong_or_missing_admin_token() {
    assertError(
        app.http.post("/api/v2/admin/users", "wrong-admin-token-xxxxxxxx", "{\"name\": \"x\"}"),
        401,
        "unauthenticated");
    assertError(
        app.http.post("/api/v2/admin/users", null, "{\"name\": \"x\"}"), 401, "unauthenticated");
    TestUser user = app.createUser("not-an-admin");
    assertError(
        app.http.post("/api/v2/admin/users", user.token(), "{\"name\": \"x\"}"),
        401,
        "unauthenticated");
  }

  @Test
  void rejects_malformed_json_missing_fields_and_wrong_types() {
    assertError(
        app.http.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "{\"name\": "),
        400,
        "invalid_json");
    assertError(
        app.http.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "[1, 2]"), 400, "invalid_json");
    assertError(app.http.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, ""), 400, "invalid_json");
    assertError(
        app.http.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "{}"), 400, "missing_field");
    assertError(
        app.http.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "{\"name\": 42}"),
        400,
        "invalid_field");
    assertError(
        app.http.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "{\"name\": \"  \"}"),
        400,
        "invalid_field");
    TestUser user = app.createUser("typo");
    assertError(
        app.http.post(
            "/api/v2/repositories/connect", user.token(), "{\"repository_full_name\": [\"a/b\"]}"),
        400,
        "invalid_field");
    assertError(
        app.http.post("/api/v2/repositories/connect", user.token(), "{\"provider\": \"github\"}"),
        400,
        "missing_field");
    assertError(
        app.http.post(
            "/api/v2/repositories/connect",
            user.token(),
            "{\"repository_full_name\": \"no-slash\"}"),
        400,
        "invalid_field");
    assertError(
        app.http.put("/api/v2/providers/github/token", user.token(), "{\"access_token\": true}"),
        400,
        "invalid_field");
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertError(
        app.http.put("/api/v2/providers/github/token", user.token(), deep), 400, "invalid_json");
  }

  @Test
  void requires_a_valid_api_token_everywhere() {
    for (String path :
        List.of(
            "/api/v2/repositories",
            "/api/v2/incidents",
            "/api/v2/workflow-runs?repository_id=x",
            "/api/v2/repositories/conn_x/webhook/status",
            "/api/v2/repositories/conn_x/deliveries")) {
      assertError(app.http.get(path, null), 401, "unauthenticated");
      assertError(app.http.get(path, "hk_not-a-real-token"), 401, "unauthenticated");
    }
    assertThat(app.http.get("/api/v2/repositories", null).header("WWW-Authenticate"))
        .isEqualTo("Bearer");
  }

  @Test
  void stores_a_provider_token_after_checking_it_and_never_returns_it() {
    TestUser user = app.createUser("tok");
    Reply ok =
        app.http.put(
            "/api/v2/providers/github/token",
            user.token(),
            "{\"access_token\": \"" + TestApp.ALICE_GH + "\"}");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(fields(ok.json())).containsExactly("provider", "login", "scopes");
    assertThat(ok.json().get("login").asText()).isEqualTo("alice");
    assertThat(ok.json().get("scopes")).extracting(JsonNode::asText).contains("admin:repo_hook");
    assertThat(ok.body()).doesNotContain(TestApp.ALICE_GH);
    assertError(
        app.http.put(
            "/api/v2/providers/github/token", user.token(), "{\"access_token\": \"ghp_bogus\"}"),
        422,
        "token_invalid");
    assertError(
        app.http.put(
            "/api/v2/providers/bitbucket/token", user.token(), "{\"access_token\": \"x\"}"),
        404,
        "unknown_provider");
  }

  @Test
  void connect_refusals_create_no_connection() {
    TestUser noToken = app.createUser("no-token");
    assertError(
        app.http.post(
            "/api/v2/repositories/connect",
            noToken.token(),
            "{\"repository_full_name\": \"" + TestApp.GH_REPO + "\"}"),
        422,
        "provider_token_missing");
    assertError(
        app.http.post(
            "/api/v2/repositories/connect",
            noToken.token(),
            "{\"repository_full_name\": \"a/b\", \"provider\": \"svn\"}"),
        400,
        "unknown_provider");
    TestUser reader = app.gitHubUser("reader", TestApp.READER_GH);
    assertError(
        app.http.post(
            "/api/v2/repositories/connect",
            reader.token(),
            "{\"repository_full_name\": \"nobody/nothing-here\"}"),
        404,
        "repository_not_found");
    assertThat(app.http.get("/api/v2/repositories", reader.token()).json().get("items")).isEmpty();
    assertThat(app.http.get("/api/v2/repositories", noToken.token()).json().get("items")).isEmpty();
  }

  @Test
  void a_failed_hook_creation_still_connects_and_can_be_retried() {
    TestUser user = app.gitHubUser("full", TestApp.ALICE_GH);
    app.github.fillHookLimit(TestApp.GH_FULL_REPO, "workflow_run");
    Reply r =
        app.http.post(
            "/api/v2/repositories/connect",
            user.token(),
            "{\"repository_full_name\": \"" + TestApp.GH_FULL_REPO + "\"}");
    assertThat(r.status()).isEqualTo(201);
    JsonNode repo = r.json().get("repository");
    assertThat(repo.get("webhook_status").asText()).isEqualTo("failed");
    assertThat(fields(repo.get("webhook_error"))).containsExactly("reason", "message");
    assertThat(repo.get("webhook_error").get("reason").asText()).isEqualTo("hook_limit_reached");
    Reply retried =
        app.http.post(
            "/api/v2/repositories/" + repo.get("id").asText() + "/webhook/retry", user.token(), "");
    assertThat(retried.status()).isEqualTo(200);
    assertThat(fields(retried.json())).containsExactly("success", "repository");
    assertThat(retried.json().get("repository").get("webhook_status").asText()).isEqualTo("failed");
    assertThat(app.http.get("/metrics", null).body())
        .contains(
            "hookkeeper_hook_creations_total{outcome=\"hook_limit_reached\",provider=\"github\"}");
  }

  @Test
  void a_provider_outage_is_a_503_to_retry_and_creates_nothing() {
    TestUser user = app.gitHubUser("outage", TestApp.BOB_GH);
    app.github.outage(true);
    try {
      Reply r =
          app.http.post(
              "/api/v2/repositories/connect",
              user.token(),
              "{\"repository_full_name\": \"" + TestApp.GH_REPO + "\"}");
      assertError(r, 503, "provider_unavailable");
      assertThat(r.header("Retry-After")).isNotBlank();
    } finally {
      app.github.outage(false);
    }
    assertThat(app.http.get("/api/v2/repositories", user.token()).json().get("items")).isEmpty();
  }

  @Test
  void a_joiner_without_hook_access_is_refused() {
    TestUser owner = app.gitHubUser("owner", TestApp.ALICE_GH);
    app.connectActive(owner, TestApp.GH_REPO, "github");
    TestUser reader = app.gitHubUser("reader2", TestApp.READER_GH);
    assertError(
        app.http.post(
            "/api/v2/repositories/connect",
            reader.token(),
            "{\"repository_full_name\": \"" + TestApp.GH_REPO + "\"}"),
        403,
        "repository_access_denied");
    assertThat(app.http.get("/api/v2/repositories", reader.token()).json().get("items")).isEmpty();
  }

  @Test
  void taking_over_a_failed_hook_needs_the_same_proof_of_hook_access_as_any_join() {
    app.github.addRepository("acme/limited", 4545L, true, "main");
    app.github.grant("alice", "acme/limited", GitHubSimulator.Role.ADMIN);
    app.github.grant("reader", "acme/limited", GitHubSimulator.Role.READ);
    app.github.fillHookLimit("acme/limited", "workflow_run");
    TestUser owner = app.gitHubUser("limited-owner", TestApp.ALICE_GH);
    Reply failed =
        app.http.post(
            "/api/v2/repositories/connect",
            owner.token(),
            "{\"repository_full_name\": \"acme/limited\"}");
    assertThat(failed.json().get("repository").get("webhook_status").asText()).isEqualTo("failed");
    TestUser reader = app.gitHubUser("limited-reader", TestApp.READER_GH);

    assertError(
        app.http.post(
            "/api/v2/repositories/connect",
            reader.token(),
            "{\"repository_full_name\": \"acme/limited\"}"),
        403,
        "repository_access_denied");
    assertThat(app.http.get("/api/v2/repositories", reader.token()).json().get("items")).isEmpty();
  }

  @Test
  void the_api_token_rotates_and_the_old_one_is_refused() {
    TestUser user = app.createUser("rotating");
    Reply rotated = app.http.post("/api/v2/users/me/api-token", user.token(), "");
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(fields(rotated.json())).containsExactly("id", "api_token");
    assertThat(rotated.json().get("id").asText()).isEqualTo(user.id());
    assertThat(rotated.json().get("api_token").asText()).startsWith("hk_");
    assertError(
        app.http.post("/api/v2/users/me/api-token", user.token(), ""), 401, "unauthenticated");
    assertError(app.http.post("/api/v2/users/me/api-token", null, ""), 401, "unauthenticated");
  }

  @Test
  void a_provider_token_is_deleted_unless_it_alone_manages_a_hook() {
    app.github.addRepository("acme/token-shapes", 4646L, true, "main");
    app.github.grant("alice", "acme/token-shapes", GitHubSimulator.Role.ADMIN);
    TestUser user = app.gitHubUser("token-shapes", TestApp.ALICE_GH);
    app.connect(user, "acme/token-shapes", "github");

    Reply inUse = app.http.delete("/api/v2/providers/github/token", user.token());
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(fields(inUse.json())).containsExactly("error", "message", "repositories");
    assertThat(inUse.json().get("error").asText()).isEqualTo("token_in_use");
    assertThat(inUse.json().get("repositories"))
        .extracting(JsonNode::asText)
        .containsExactly("acme/token-shapes");
    assertError(
        app.http.delete("/api/v2/providers/github/token?force=yes", user.token()),
        400,
        "invalid_parameter");
    assertError(
        app.http.delete("/api/v2/providers/bitbucket/token", user.token()),
        404,
        "unknown_provider");
    assertError(app.http.delete("/api/v2/providers/github/token", null), 401, "unauthenticated");

    Reply deleted = app.http.delete("/api/v2/providers/github/token?force=true", user.token());
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(fields(deleted.json()))
        .containsExactly(
            "success", "provider", "handed_over", "disconnected", "pending_webhook_deletions");
    assertThat(deleted.json().get("disconnected"))
        .extracting(JsonNode::asText)
        .containsExactly("acme/token-shapes");
    assertThat(app.github.hooks("acme/token-shapes")).isEmpty();
    assertError(
        app.http.delete("/api/v2/providers/github/token", user.token()),
        404,
        "provider_token_not_found");
  }

  @Test
  void the_admin_deletes_a_user() {
    TestUser user = app.createUser("to-delete");
    assertError(
        app.http.delete("/api/v2/admin/users/" + user.id(), user.token()), 401, "unauthenticated");
    assertError(app.http.delete("/api/v2/admin/users/" + user.id(), null), 401, "unauthenticated");
    assertError(
        app.http.delete("/api/v2/admin/users/" + user.id() + "?force=1", TestApp.ADMIN_TOKEN),
        400,
        "invalid_parameter");

    Reply deleted = app.http.delete("/api/v2/admin/users/" + user.id(), TestApp.ADMIN_TOKEN);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(fields(deleted.json()))
        .containsExactly("success", "id", "disconnected", "webhooks_deleted", "abandoned_webhooks");
    assertError(app.http.get("/api/v2/repositories", user.token()), 401, "unauthenticated");
    assertError(
        app.http.delete("/api/v2/admin/users/" + user.id(), TestApp.ADMIN_TOKEN),
        404,
        "user_not_found");
    assertError(
        app.http.delete("/api/v2/admin/users/usr_nobody", TestApp.ADMIN_TOKEN),
        404,
        "user_not_found");
  }

  @Test
  void connection_routes_have_their_documented_shapes_and_hide_other_users_resources() {
    TestUser owner = app.gitHubUser("shapes", TestApp.CAROL_GH);
    String conn = app.connectActive(owner, TestApp.GH_OTHER_REPO, "github");
    TestUser stranger = app.gitHubUser("stranger", TestApp.BOB_GH);

    JsonNode list = app.http.get("/api/v2/repositories", owner.token()).json();
    assertThat(list.get("items")).hasSize(1);
    assertThat(fields(list.get("items").get(0)))
        .containsExactly(
            "id",
            "provider",
            "repository_full_name",
            "webhook_status",
            "webhook_events",
            "webhook_created_at",
            "webhook_error");

    Reply status = app.http.get("/api/v2/repositories/" + conn + "/webhook/status", owner.token());
    assertThat(fields(status.json()))
        .containsExactly(
            "webhook_id",
            "status",
            "reason",
            "events",
            "last_delivery_at",
            "total_deliveries",
            "pending_deliveries",
            "failed_deliveries",
            "rejected_deliveries",
            "secret_version",
            "secret_rotated_at",
            "reconcile");
    assertThat(status.json().get("reason").isNull()).isTrue();
    assertThat(status.json().get("secret_version").asInt()).isEqualTo(1);
    assertError(
        app.http.post("/api/v2/repositories/" + conn + "/webhook/retry", owner.token(), "{}"),
        409,
        "webhook_already_active");

    assertError(
        app.http.get("/api/v2/repositories/" + conn + "/deliveries?status=lost", owner.token()),
        400,
        "invalid_parameter");
    assertThat(
            app.http
                .get("/api/v2/repositories/" + conn + "/deliveries?status=rejected", owner.token())
                .json()
                .get("items"))
        .isEmpty();
    assertThat(
            app.http
                .get(
                    "/api/v2/repositories/" + conn + "/deliveries?event=ping&status=processed",
                    owner.token())
                .json()
                .get("items"))
        .allSatisfy(i -> assertThat(i.get("event").asText()).isEqualTo("ping"));
    JsonNode deliveries =
        app.http.get("/api/v2/repositories/" + conn + "/deliveries?limit=1", owner.token()).json();
    assertThat(fields(deliveries)).containsExactly("items", "next_cursor");
    assertThat(fields(deliveries.get("items").get(0)))
        .containsExactly(
            "delivery_id",
            "event",
            "action",
            "status",
            "source",
            "signature_valid",
            "signature_reason",
            "error",
            "attempts",
            "received_at",
            "processed_at",
            "replayed_at",
            "replays");
    String pingId = deliveries.get("items").get(0).get("delivery_id").asText();
    assertThat(
            fields(
                app.http
                    .get("/api/v2/repositories/" + conn + "/deliveries/" + pingId, owner.token())
                    .json()))
        .containsExactly(
            "delivery_id",
            "event",
            "action",
            "status",
            "source",
            "error",
            "attempts",
            "received_at",
            "processed_at",
            "replayed_at",
            "replays",
            "headers",
            "body",
            "body_purged");
    Reply replayed =
        app.http.post(
            "/api/v2/repositories/" + conn + "/deliveries/" + pingId + "/replay",
            owner.token(),
            "");
    assertThat(replayed.status()).isEqualTo(202);
    assertThat(replayed.json().get("status").asText()).isEqualTo("queued");
    Reply bulk =
        app.http.post(
            "/api/v2/repositories/" + conn + "/deliveries/replay",
            owner.token(),
            "{\"status\": \"failed\"}");
    assertThat(bulk.status()).isEqualTo(202);
    assertThat(fields(bulk.json())).containsExactlyInAnyOrder("status", "queued");
    assertError(
        app.http.post("/api/v2/repositories/" + conn + "/deliveries/replay", owner.token(), "{}"),
        400,
        "missing_field");
    assertError(
        app.http.post(
            "/api/v2/repositories/" + conn + "/deliveries/replay",
            owner.token(),
            "{\"status\": \"rejected\"}"),
        400,
        "invalid_field");
    assertError(
        app.http.post(
            "/api/v2/repositories/" + conn + "/deliveries/replay",
            owner.token(),
            "{\"since\": \"yesterday\"}"),
        400,
        "invalid_field");
    assertError(
        app.http.post(
            "/api/v2/repositories/" + conn + "/deliveries/no-such-delivery/replay",
            owner.token(),
            ""),
        404,
        "delivery_not_found");
    assertError(
        app.http.get("/api/v2/repositories/" + conn + "/deliveries?limit=0", owner.token()),
        400,
        "invalid_parameter");
    assertError(
        app.http.get("/api/v2/repositories/" + conn + "/deliveries?limit=abc", owner.token()),
        400,
        "invalid_parameter");
    assertError(
        app.http.get(
            "/api/v2/repositories/" + conn + "/deliveries/no-such-delivery", owner.token()),
        404,
        "delivery_not_found");

    // another user's connection: 404 everywhere, never its data
    assertError(
        app.http.post("/api/v2/repositories/" + conn + "/webhook/reconcile", stranger.token(), ""),
        404,
        "repository_not_found");
    assertError(
        app.http.post(
            "/api/v2/repositories/" + conn + "/webhook/rotate-secret", stranger.token(), ""),
        404,
        "repository_not_found");
    assertError(
        app.http.get("/api/v2/repositories/" + conn + "/webhook/events", stranger.token()),
        404,
        "repository_not_found");
    assertError(
        app.http.get("/api/v2/repositories/" + conn + "/webhook/status", stranger.token()),
        404,
        "repository_not_found");
    assertError(
        app.http.post("/api/v2/repositories/" + conn + "/webhook/retry", stranger.token(), "{}"),
        404,
        "repository_not_found");
    assertError(
        app.http.get("/api/v2/repositories/" + conn + "/deliveries", stranger.token()),
        404,
        "repository_not_found");
    assertError(
        app.http.post(
            "/api/v2/repositories/" + conn + "/deliveries/" + pingId + "/replay",
            stranger.token(),
            ""),
        404,
        "repository_not_found");
    assertError(
        app.http.post(
            "/api/v2/repositories/" + conn + "/deliveries/replay",
            stranger.token(),
            "{\"status\": \"failed\"}"),
        404,
        "repository_not_found");
    assertError(
        app.http.get("/api/v2/workflow-runs?repository_id=" + conn, stranger.token()),
        404,
        "repository_not_found");
    assertError(
        app.http.delete("/api/v2/repositories/" + conn + "/disconnect", stranger.token()),
        404,
        "repository_not_found");
    assertThat(
            app.http
                .get("/api/v2/repositories/" + conn + "/webhook/status", owner.token())
                .status())
        .isEqualTo(200);

    Reply disconnected =
        app.http.delete("/api/v2/repositories/" + conn + "/disconnect", owner.token());
    assertThat(fields(disconnected.json()))
        .containsExactly("success", "message", "webhook_deleted");
    assertError(
        app.http.delete("/api/v2/repositories/" + conn + "/disconnect", owner.token()),
        404,
        "repository_not_found");
  }

  @Test
  void incident_and_run_lists_validate_their_parameters() {
    TestUser user = app.createUser("lists");
    JsonNode incidents = app.http.get("/api/v2/incidents", user.token()).json();
    assertThat(fields(incidents)).containsExactly("items", "next_cursor");
    assertThat(app.http.get("/api/v2/incidents?status=resolved", user.token()).status())
        .isEqualTo(200);
    assertError(
        app.http.get("/api/v2/incidents?status=closed", user.token()), 400, "invalid_parameter");
    assertError(
        app.http.get("/api/v2/incidents?cursor=not-a-cursor!", user.token()),
        400,
        "invalid_parameter");
    assertError(
        app.http.get("/api/v2/repositories?cursor=not-a-cursor!", user.token()),
        400,
        "invalid_parameter");
    assertError(
        app.http.get("/api/v2/incidents/inc_nope", user.token()), 404, "incident_not_found");
    assertError(app.http.get("/api/v2/workflow-runs", user.token()), 400, "missing_parameter");
    assertError(
        app.http.get("/api/v2/workflow-runs?repository_id=conn_nope", user.token()),
        404,
        "repository_not_found");
  }

  @Test
  void webhook_health_routes_have_their_documented_shapes() {
    app.github.addRepository("acme/health", 4747L, true, "main");
    app.github.grant("alice", "acme/health", GitHubSimulator.Role.ADMIN);
    TestUser owner = app.gitHubUser("health-shapes", TestApp.ALICE_GH);
    String conn = app.connectActive(owner, "acme/health", "github");

    // the background reconciler may hold the new hook for a moment: 409 with Retry-After, then 200
    Reply reconciled =
        untilNotBusy(
            () ->
                app.http.post(
                    "/api/v2/repositories/" + conn + "/webhook/reconcile", owner.token(), ""));
    assertThat(reconciled.status()).as(reconciled.toString()).isEqualTo(200);
    assertThat(fields(reconciled.json()))
        .containsExactly(
            "outcome",
            "webhook_status",
            "found",
            "did",
            "redelivered",
            "caught_up",
            "next_reconcile_at",
            "error");
    assertThat(reconciled.json().get("outcome").asText()).isEqualTo("reconciled");
    assertThat(reconciled.json().get("webhook_status").asText()).isEqualTo("active");
    assertThat(reconciled.json().get("error").isNull()).isTrue();

    Reply rotated =
        untilNotBusy(
            () ->
                app.http.post(
                    "/api/v2/repositories/" + conn + "/webhook/rotate-secret", owner.token(), ""));
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
    assertThat(fields(rotated.json()))
        .containsExactly("success", "secret_version", "previous_secret_accepted_until");
    assertThat(rotated.json().get("secret_version").asInt()).isEqualTo(2);
    assertThat(rotated.body()).doesNotContainIgnoringCase("secret\":\"");

    JsonNode status =
        app.http.get("/api/v2/repositories/" + conn + "/webhook/status", owner.token()).json();
    assertThat(fields(status.get("reconcile")))
        .containsExactly(
            "last_reconciled_at",
            "next_reconcile_at",
            "recovered_until",
            "consecutive_failures",
            "last_error");
    assertThat(status.get("secret_version").asInt()).isEqualTo(2);

    JsonNode events =
        app.http
            .get("/api/v2/repositories/" + conn + "/webhook/events?limit=1", owner.token())
            .json();
    assertThat(fields(events)).containsExactly("items", "next_cursor");
    assertThat(fields(events.get("items").get(0))).containsExactly("at", "kind", "detail");
    assertThat(events.get("items").get(0).get("kind").asText()).isEqualTo("secret_rotated");
    assertThat(events.get("next_cursor").isNull()).isFalse();
    assertError(
        app.http.get("/api/v2/repositories/" + conn + "/webhook/events?limit=0", owner.token()),
        400,
        "invalid_parameter");
    assertError(
        app.http.post("/api/v2/repositories/conn_nope/webhook/reconcile", owner.token(), ""),
        404,
        "repository_not_found");
    assertError(
        app.http.post("/api/v2/repositories/conn_nope/webhook/rotate-secret", owner.token(), ""),
        404,
        "repository_not_found");
    TestUser tokenless = app.createUser("tokenless");
    assertError(
        app.http.post(
            "/api/v2/repositories/" + conn + "/webhook/rotate-secret", tokenless.token(), ""),
        404,
        "repository_not_found");
  }

  @Test
  void unknown_routes_and_methods_answer_json() {
    assertError(app.http.get("/api/v2/nothing-here", null), 404, "not_found");
    Reply wrongMethod =
        app.http.send(
            app.http
                .request("/api/v2/repositories", null)
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    assertThat(wrongMethod.status()).isIn(404, 405);
    assertThat(wrongMethod.json().has("error")).isTrue();
  }

  @Test
  void health_and_metrics_answer_without_authentication() {
    Reply health = app.http.get("/health", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("ok");
    assertThat(health.json().get("database").asText()).isEqualTo("up");
    Reply metrics = app.http.get("/metrics", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).startsWith("text/plain");
    assertThat(metrics.body())
        .contains(
            "hookkeeper_db_pool_connections", "hookkeeper_sse_clients", "jvm_memory_used_bytes");
  }

  @Test
  void every_registered_route_is_documented() throws java.io.IOException {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "api.md"));
    List<String> routes = app.server.routes();
    assertThat(routes)
        .contains("POST /api/v2/webhooks/github", "GET /api/v2/events", "GET /health");
    assertThat(routes)
        .allSatisfy(
            route ->
                assertThat(doc)
                    .as("docs/api.md must document " + route)
                    .contains("### `" + route + "`"));
  }

  private static Reply untilNotBusy(java.util.function.Supplier<Reply> call) {
    Reply[] last = new Reply[1];
    dev.hookkeeper.app.support.Poll.until(
        java.time.Duration.ofSeconds(30),
        () -> {
          last[0] = call.get();
          if (last[0].status() != 409) return true;
          assertError(last[0], 409, "reconcile_in_progress");
          assertThat(last[0].header("Retry-After")).isEqualTo("5");
          return false;
        });
    return last[0];
  }

  static List<String> fields(JsonNode node) {
    return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false)
        .toList();
  }

  static void assertError(Reply r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(fields(r.json())).as(r.body()).containsExactly("error", "message");
    assertThat(r.json().get("error").asText()).isEqualTo(code);
    assertThat(r.body()).doesNotContain("Exception", "\tat ");
  }
}
