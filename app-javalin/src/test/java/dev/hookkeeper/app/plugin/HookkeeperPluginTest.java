package dev.hookkeeper.app.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.app.HookkeeperPlugin;
import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.SseStream;
import dev.hookkeeper.app.support.TestDatabase;
import dev.hookkeeper.core.Hookkeeper;
import dev.hookkeeper.core.ingest.ProcessingListener;
import dev.hookkeeper.core.ingest.ProcessingSettings;
import dev.hookkeeper.github.GitHubAdapters;
import dev.hookkeeper.github.simulator.FiredRun;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.persistence.JdbiStores;
import dev.hookkeeper.persistence.PostgresDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An app that already runs Javalin, with its own users, sessions, JSON mapper and exception
 * handler, mounts Hookkeeper under {@code /hooks} with one plugin call, over real HTTP on a port
 * the OS picks, against PostgreSQL and the simulated GitHub.
 */
class HookkeeperPluginTest {
  private static final String PREFIX = "/hooks";
  private static final String REPO = "acme/widgets";
  private static final String GITHUB_TOKEN = "ghp_aliceToken000000000000000000000001";

  /** The app's session store, shared by its instances. */
  private static final Map<String, String> SESSIONS = new ConcurrentHashMap<>();

  private final GitHubSimulator github = GitHubSimulator.start();
  private String databaseUrl;
  private HikariDataSource database;
  private Hookkeeper hookkeeper;
  private HostApp app;
  private Http http;

  @BeforeEach
  void start() {
    github.addRepository(REPO, 4242L, true, "main");
    github.addUser("alice", GITHUB_TOKEN, List.of("repo", "admin:repo_hook"));
    github.grant("alice", REPO, GitHubSimulator.Role.ADMIN);
    databaseUrl = TestDatabase.freshDatabaseUrl();
    database = PostgresDataSource.create(databaseUrl);
    // the app listens on a port the OS picks: its public URL is known once it listens
    AtomicReference<String> publicUrl = new AtomicReference<>();
    hookkeeper =
        Hookkeeper.builder()
            .stores(JdbiStores.on(database))
            .provider(GitHubAdapters.create(github.baseUrl(), new OkHttpClient()))
            .ingestBaseUrl(
                () ->
                    publicUrl.get() == null
                        ? null
                        : HookkeeperPlugin.ingestBaseUrl(publicUrl.get(), PREFIX))
            .cipherKey(randomKey())
            .build();
    app = HostApp.start(hookkeeper, SESSIONS, null);
    publicUrl.set("http://127.0.0.1:" + app.port());
    http = Http.mountedAt("http://127.0.0.1:" + app.port(), PREFIX);
  }

  @AfterEach
  void stop() {
    if (app != null) app.stop();
    if (hookkeeper != null) hookkeeper.close();
    github.close();
    if (database != null) database.close();
  }

  @Test
  void
      the_apps_own_routes_and_hookkeepers_under_the_prefix_answer_side_by_side_with_the_apps_authentication()
          throws Exception {
    String alice = app.signIn("alice");

    assertThat(http.get("/me", alice).body()).isEqualTo("you are alice");
    assertThat(http.get("/me", null).status()).isEqualTo(401);
    Reply repositories = http.get(PREFIX + "/api/v2/repositories", alice);
    assertThat(repositories.status()).isEqualTo(200);
    assertThat(repositories.json().get("items")).isEmpty();
    assertThat(http.get("/api/v2/repositories", alice).status())
        .as("nothing mounted at the root")
        .isEqualTo(404);
  }

  @Test
  void
      without_the_apps_authentication_the_api_and_the_stream_refuse_and_hookkeeper_api_tokens_do_not_count()
          throws Exception {
    String hookkeeperToken = hookkeeper.createUser().create("mallory").apiToken().reveal();

    for (String token : new String[] {null, hookkeeperToken, "not-a-session"}) {
      Reply refused = http.get(PREFIX + "/api/v2/repositories", token);
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.json().get("error").asText()).isEqualTo("unauthenticated");
      try (SseStream stream =
          SseStream.open(http.base() + PREFIX + "/api/v2/events", token, null)) {
        assertThat(stream.status()).isEqualTo(401);
      }
    }
    // user administration and API tokens belong to the app: not mounted (a 404 the API does not
    // describe)
    assertThat(unchecked("POST", PREFIX + "/api/v2/admin/users", app.signIn("alice")))
        .isEqualTo(404);
    assertThat(unchecked("POST", PREFIX + "/api/v2/users/me/api-token", app.signIn("alice")))
        .isEqualTo(404);
  }

  /**
   * The status of a request to a route that is deliberately not mounted, unchecked by the
   * description.
   */
  private int unchecked(String method, String path, String token) throws Exception {
    return Http.client()
        .send(
            http.request(path, token)
                .method(
                    method,
                    method.equals("GET")
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void
      a_connected_repositorys_hook_points_at_the_prefixed_ingest_url_and_a_failed_run_reaches_the_stream() {
    String alice = app.signIn("alice");
    assertThat(
            http.put(
                    PREFIX + "/api/v2/providers/github/token",
                    alice,
                    "{\"access_token\": \"" + GITHUB_TOKEN + "\"}")
                .status())
        .isEqualTo(200);
    Reply connected =
        http.post(
            PREFIX + "/api/v2/repositories/connect",
            alice,
            "{\"repository_full_name\": \"" + REPO + "\"}");
    assertThat(connected.status()).as(connected.body()).isEqualTo(201);
    JsonNode repository = connected.json().get("repository");
    assertThat(repository.get("repository_full_name").asText())
        .as("the API's own JSON, not the app's mapper")
        .isEqualTo(REPO);
    String connectionId = repository.get("id").asText();

    assertThat(github.hooks(REPO))
        .singleElement()
        .satisfies(
            hook ->
                assertThat(hook.url()).isEqualTo(http.base() + PREFIX + "/api/v2/webhooks/github"));
    Poll.until(
        Duration.ofSeconds(20),
        () ->
            "active"
                .equals(
                    http.get(
                            PREFIX + "/api/v2/repositories/" + connectionId + "/webhook/status",
                            alice)
                        .json()
                        .get("status")
                        .asText()));

    try (SseStream stream = SseStream.open(http.base() + PREFIX + "/api/v2/events", alice, null)) {
      assertThat(stream.status()).isEqualTo(200);
      GitHubSimulator.SimulatedRun run = github.fireWorkflowRun(REPO, FiredRun.ci(false));

      assertThat(run.deliveries())
          .isNotEmpty()
          .allSatisfy(d -> assertThat(d.statusCode()).isEqualTo(202));
      SseStream.Event opened = stream.nextOfType("incident.opened", Duration.ofSeconds(30));
      assertThat(opened.json().get("data").get("repository").asText()).isEqualTo(REPO);
    }
    JsonNode deliveries =
        http.get(
                PREFIX + "/api/v2/repositories/" + connectionId + "/deliveries?event=workflow_run",
                alice)
            .json();
    assertThat(deliveries.get("items")).hasSize(1);
    assertThat(http.get(PREFIX + "/api/v2/incidents", alice).json().get("items")).hasSize(1);
  }

  @Test
  void with_several_instances_a_stream_on_one_hears_what_another_processed() {
    String alice = app.signIn("alice");
    http.put(
        PREFIX + "/api/v2/providers/github/token",
        alice,
        "{\"access_token\": \"" + GITHUB_TOKEN + "\"}");
    String connectionId =
        http.post(
                PREFIX + "/api/v2/repositories/connect",
                alice,
                "{\"repository_full_name\": \"" + REPO + "\"}")
            .json()
            .get("repository")
            .get("id")
            .asText();
    Poll.until(
        Duration.ofSeconds(20),
        () ->
            "active"
                .equals(
                    http.get(
                            PREFIX + "/api/v2/repositories/" + connectionId + "/webhook/status",
                            alice)
                        .json()
                        .get("status")
                        .asText()));
    // a second instance on the same database that processes nothing itself: its streams hear the
    // first instance's notifications through the database only
    AtomicReference<String> secondUrl = new AtomicReference<>();
    try (Hookkeeper second =
        Hookkeeper.builder()
            .stores(JdbiStores.on(database))
            .cipherKey(randomKey())
            .provider(GitHubAdapters.create(github.baseUrl(), new OkHttpClient()))
            .ingestBaseUrl(
                () ->
                    secondUrl.get() == null
                        ? null
                        : HookkeeperPlugin.ingestBaseUrl(secondUrl.get(), PREFIX))
            .processing(ProcessingSettings.MANUAL, ProcessingListener.NONE)
            .build()) {
      HostApp other = HostApp.start(second, SESSIONS, databaseUrl);
      secondUrl.set("http://127.0.0.1:" + other.port());
      try (SseStream stream =
          SseStream.open(secondUrl.get() + PREFIX + "/api/v2/events", alice, null)) {
        assertThat(stream.status()).isEqualTo(200);

        github.fireWorkflowRun(REPO, FiredRun.ci(false));

        assertThat(
                stream
                    .nextOfType("incident.opened", Duration.ofSeconds(30))
                    .json()
                    .get("data")
                    .get("repository")
                    .asText())
            .isEqualTo(REPO);
      } finally {
        other.stop();
      }
    }
  }

  @Test
  void hookkeepers_failures_keep_the_apis_json_shape_whatever_the_apps_exception_handler_says() {
    String alice = app.signIn("alice");

    Reply malformed = http.post(PREFIX + "/api/v2/repositories/connect", alice, "{not json");
    Reply unknown = http.get(PREFIX + "/api/v2/incidents/inc_nope", alice);
    Reply forged =
        http.send(
            http.request(PREFIX + "/api/v2/webhooks/github", null)
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "ping")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-GitHub-Hook-ID", "999")
                .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("error").asText()).isEqualTo("invalid_json");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).isEqualTo("incident_not_found");
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.json().get("error").asText()).isEqualTo("unauthenticated");
    assertThat(http.get("/boom", alice).body())
        .as("the app's own handler still handles the app's routes")
        .isEqualTo("the app's error page");
  }

  @Test
  void hooks_pointing_elsewhere_than_the_mounted_endpoints_stop_the_app_from_starting() {
    try (Hookkeeper elsewhere =
        Hookkeeper.builder()
            .stores(JdbiStores.on(database).withoutMigrations())
            .provider(GitHubAdapters.create(github.baseUrl(), new OkHttpClient()))
            .ingestBaseUrl("https://ci.example.com/webhooks")
            .cipherKey(randomKey())
            .withoutBackgroundJobs()
            .build()) {
      assertThatThrownBy(
              () ->
                  Javalin.create(
                      config ->
                          config.registerPlugin(
                              new HookkeeperPlugin(
                                  elsewhere,
                                  hk -> {
                                    hk.prefix = PREFIX;
                                    hk.authentication = ctx -> Optional.empty();
                                  }))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("/hooks/api/v2/webhooks/github");
      assertThatThrownBy(
              () ->
                  Javalin.create(
                      config ->
                          config.registerPlugin(
                              new HookkeeperPlugin(elsewhere, hk -> hk.prefix = PREFIX))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("authentication");
      assertThatThrownBy(() -> HookkeeperPlugin.ingestBaseUrl("https://ci.example.com", "hooks/"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * The app: its own sign-in issuing its own bearer sessions, its own route, its own exception
   * handler, Javalin's default (camelCase) JSON mapper, and Hookkeeper mounted with one call.
   */
  private static final class HostApp {
    private final Map<String, String> sessions;
    private Javalin javalin;

    private HostApp(Map<String, String> sessions) {
      this.sessions = sessions;
    }

    static HostApp start(
        Hookkeeper hookkeeper, Map<String, String> sessions, String databaseListenUrl) {
      HostApp app = new HostApp(sessions);
      app.javalin =
          Javalin.create(
                  config -> {
                    config.startup.showJavalinBanner = false;
                    config.routes.post(
                        "/login",
                        ctx -> {
                          String session = UUID.randomUUID().toString();
                          app.sessions.put(session, ctx.queryParam("user"));
                          ctx.result(session);
                        });
                    config.routes.get(
                        "/me",
                        ctx -> {
                          String user = app.user(ctx).orElse(null);
                          if (user == null) ctx.status(401).result("sign in first");
                          else ctx.result("you are " + user);
                        });
                    config.routes.get(
                        "/boom",
                        ctx -> {
                          throw new IllegalStateException("the app's own bug");
                        });
                    config.routes.exception(
                        Exception.class,
                        (e, ctx) -> ctx.status(500).result("the app's error page"));
                    config.registerPlugin(
                        new HookkeeperPlugin(
                            hookkeeper,
                            hk -> {
                              hk.prefix = PREFIX;
                              hk.authentication = app::user;
                              hk.databaseListenUrl = databaseListenUrl;
                            }));
                  })
              .start("127.0.0.1", 0);
      return app;
    }

    /** The app's own authentication: its session token, sent as a bearer token. */
    Optional<String> user(Context ctx) {
      String header = ctx.header("Authorization");
      if (header == null || !header.startsWith("Bearer ")) return Optional.empty();
      return Optional.ofNullable(sessions.get(header.substring(7)));
    }

    String signIn(String user) {
      return new Http("http://127.0.0.1:" + port()).post("/login?user=" + user, null, "").body();
    }

    int port() {
      return javalin.port();
    }

    void stop() {
      javalin.stop();
    }
  }
}
