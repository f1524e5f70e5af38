package dev.hookkeeper.app.support;

import dev.hookkeeper.app.AppConfig;
import dev.hookkeeper.app.ClusterSettings;
import dev.hookkeeper.app.RunningServer;
import dev.hookkeeper.app.SignInConfig;
import dev.hookkeeper.app.Wiring;
import dev.hookkeeper.core.usecase.RetentionPolicy;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The real server on a random port, on its own fresh database of the shared embedded PostgreSQL,
 * pointed at a simulated GitHub and GitLab seeded with users, tokens and repositories.
 */
public final class TestApp implements AutoCloseable {
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
  public static final String GH_REPO = "acme/widgets";
  public static final long GH_REPO_ID = 4242L;
  public static final String GH_OTHER_REPO = "acme/other";
  public static final String GH_FULL_REPO = "acme/full";
  public static final String ALICE_GH = "ghp_aliceToken000000000000000000000001";
  public static final String BOB_GH = "ghp_bobToken00000000000000000000000002";
  public static final String CAROL_GH = "ghp_carolToken0000000000000000000000003";
  public static final String READER_GH = "ghp_readerToken000000000000000000000004";
  public static final String GL_PROJECT = "acme/pipelines";
  public static final String ALICE_GL = "glpat-aliceGitLabToken0001";
  public static final String BOB_GL = "glpat-bobGitLabToken00002";

  public final GitHubSimulator github;
  public final GitLabSimulator gitlab;

  /** The running server; another one after {@link #restartOnAnotherPort()}. */
  public RunningServer server;

  public Http http;
  public final long gitlabProjectId;
  public final String encryptionKey;

  /** JDBC URL of this server's own database, for tests that check what was stored. */
  public final String databaseUrl;

  private final Path dataDir;
  private AppConfig config;
  private final List<RunningServer> others = new java.util.ArrayList<>();

  private TestApp(
      GitHubSimulator github,
      GitLabSimulator gitlab,
      long gitlabProjectId,
      RunningServer server,
      Path dataDir,
      String encryptionKey,
      String databaseUrl) {
    this.github = github;
    this.gitlab = gitlab;
    this.gitlabProjectId = gitlabProjectId;
    this.server = server;
    this.dataDir = dataDir;
    this.encryptionKey = encryptionKey;
    this.databaseUrl = databaseUrl;
    this.http = new Http(server.localUrl());
  }

  public static final String GITHUB_CLIENT_ID = "Iv1.testHookkeeper";
  public static final String GITHUB_CLIENT_SECRET = "test-github-client-secret-0001";
  public static final String GITLAB_CLIENT_ID = "test-gitlab-application-id";
  public static final String GITLAB_CLIENT_SECRET = "test-gitlab-client-secret-0002";

  public static TestApp start() {
    return start(TestDatabase.freshDatabaseUrl());
  }

  /**
   * With "Sign in with GitHub / GitLab": OAuth applications registered on both simulators (their
   * callbacks on this server), every simulated user allowed to sign in through them.
   */
  public static TestApp startWithSignIn() {
    return start(TestDatabase.freshDatabaseUrl(), true, null, AppConfig.HealingConfig.DEFAULTS);
  }

  /**
   * As {@link #startWithSignIn()}, with a public URL (e.g. https, for the cookie's Secure flag).
   */
  public static TestApp startWithSignIn(String webhookBaseUrl) {
    return start(
        TestDatabase.freshDatabaseUrl(), true, webhookBaseUrl, AppConfig.HealingConfig.DEFAULTS);
  }

  /**
   * On the given database (the schema is migrated at start), e.g. an external PostgreSQL for
   * benchmarks.
   */
  public static TestApp start(String databaseUrl) {
    return start(databaseUrl, false, null, AppConfig.HealingConfig.DEFAULTS);
  }

  /** With these self-healing settings (e.g. a reconcile interval of seconds). */
  public static TestApp start(AppConfig.HealingConfig healing) {
    return start(TestDatabase.freshDatabaseUrl(), false, null, healing);
  }

  /** With sign-in (as {@link #startWithSignIn()}) and these self-healing settings. */
  public static TestApp startWithSignIn(AppConfig.HealingConfig healing) {
    return start(TestDatabase.freshDatabaseUrl(), true, null, healing);
  }

  private static TestApp start(
      String databaseUrl, boolean signIn, String webhookBaseUrl, AppConfig.HealingConfig healing) {
    GitHubSimulator github = GitHubSimulator.start();
    github.addRepository(GH_REPO, GH_REPO_ID, true, "main");
    github.addRepository(GH_OTHER_REPO, 4343L, true, "main");
    github.addRepository(GH_FULL_REPO, 4444L, true, "main");
    github.addUser("alice", ALICE_GH, List.of("repo", "admin:repo_hook"));
    github.addUser("bob", BOB_GH, List.of("repo", "admin:repo_hook"));
    github.addUser("carol", CAROL_GH, List.of("repo", "admin:repo_hook"));
    github.addUser("reader", READER_GH, List.of("repo"));
    github.grant("alice", GH_REPO, GitHubSimulator.Role.ADMIN);
    github.grant("alice", GH_FULL_REPO, GitHubSimulator.Role.ADMIN);
    github.grant("bob", GH_REPO, GitHubSimulator.Role.ADMIN);
    github.grant("reader", GH_REPO, GitHubSimulator.Role.READ);
    github.grant("carol", GH_OTHER_REPO, GitHubSimulator.Role.ADMIN);
    GitLabSimulator gitlab = GitLabSimulator.start();
    long projectId = gitlab.addProject(GL_PROJECT);
    gitlab.addUser("alice-gl", ALICE_GL);
    gitlab.addUser("bob-gl", BOB_GL);
    gitlab.grant("alice-gl", GL_PROJECT, GitLabSimulator.Role.MAINTAINER);
    gitlab.grant("bob-gl", GL_PROJECT, GitLabSimulator.Role.MAINTAINER);
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("hookkeeper-app-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String keyBase64 = Base64.getEncoder().encodeToString(key);
    AppConfig config =
        new AppConfig(
                "127.0.0.1",
                0,
                databaseUrl,
                dataDir,
                webhookBaseUrl,
                keyBase64,
                List.of(),
                ADMIN_TOKEN,
                github.baseUrl(),
                gitlab.baseUrl(),
                AppConfig.DEFAULT_GITHUB_EVENTS,
                AppConfig.DEFAULT_GITLAB_EVENTS,
                "text",
                RetentionPolicy.DEFAULTS,
                ClusterSettings.DEFAULTS)
            .withHealing(healing);
    if (signIn) {
      config =
          config.withSignIn(
              new SignInConfig(
                  github.webUrl(),
                  new SignInConfig.OAuthApp(GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET),
                  new SignInConfig.OAuthApp(GITLAB_CLIENT_ID, GITLAB_CLIENT_SECRET),
                  Duration.ofDays(7)));
    }
    RunningServer server = Wiring.start(config);
    if (signIn) {
      github.registerOAuthApp(
          GITHUB_CLIENT_ID,
          GITHUB_CLIENT_SECRET,
          server.webhookBaseUrl() + "/auth/github/callback",
          "Hookkeeper");
      gitlab.registerOAuthApp(
          GITLAB_CLIENT_ID,
          GITLAB_CLIENT_SECRET,
          server.webhookBaseUrl() + "/auth/gitlab/callback",
          "Hookkeeper");
    }
    TestApp app = new TestApp(github, gitlab, projectId, server, dataDir, keyBase64, databaseUrl);
    app.config = config;
    return app;
  }

  /**
   * Stops the server and starts another on the same database, key and simulators, on another port:
   * as if the server moved to a new {@code WEBHOOK_BASE_URL}.
   */
  public void restartOnAnotherPort() {
    server.close();
    server = Wiring.start(config.withPort(0));
    http = new Http(server.localUrl());
  }

  /**
   * Another instance on the same database, key and simulators, behind the same public URL as this
   * one (the hooks point at the first): a cluster of two in one JVM. Closed with this app.
   */
  public RunningServer startAnotherInstance() {
    RunningServer other =
        Wiring.start(config.withPort(0).withWebhookBaseUrl(server.webhookBaseUrl()));
    others.add(other);
    return other;
  }

  public String url() {
    return server.localUrl();
  }

  /** A new user through the admin endpoint. */
  public TestUser createUser(String name) {
    Reply r = http.post("/api/v2/admin/users", ADMIN_TOKEN, "{\"name\": \"" + name + "\"}");
    if (r.status() != 201) throw new IllegalStateException("user creation failed: " + r);
    return new TestUser(r.json().get("id").asText(), r.json().get("api_token").asText());
  }

  /** A user with a stored GitHub token. */
  public TestUser gitHubUser(String name, String githubToken) {
    TestUser user = createUser(name);
    Reply r =
        http.put(
            "/api/v2/providers/github/token",
            user.token(),
            "{\"access_token\": \"" + githubToken + "\"}");
    if (r.status() != 200) throw new IllegalStateException("token storage failed: " + r);
    return user;
  }

  /** Connects; returns the connection id. */
  public String connect(TestUser user, String repo, String provider) {
    Reply r =
        http.post(
            "/api/v2/repositories/connect",
            user.token(),
            "{\"repository_full_name\": \"" + repo + "\", \"provider\": \"" + provider + "\"}");
    if (r.status() != 201 && r.status() != 200)
      throw new IllegalStateException("connect failed: " + r);
    return r.json().get("repository").get("id").asText();
  }

  /**
   * Connects and waits until the simulator's ping made the hook active; returns the connection id.
   */
  public String connectActive(TestUser user, String repo, String provider) {
    String id = connect(user, repo, provider);
    Poll.until(
        Duration.ofSeconds(10),
        () ->
            "active"
                .equals(
                    http.get("/api/v2/repositories/" + id + "/webhook/status", user.token())
                        .json()
                        .get("status")
                        .asText()));
    return id;
  }

  /**
   * Waits until the processors have settled the delivery (it left the inbox) and returns its detail
   * as the API shows it.
   */
  public com.fasterxml.jackson.databind.JsonNode awaitProcessed(
      TestUser user, String connectionId, String deliveryId) {
    String path =
        "/api/v2/repositories/"
            + connectionId
            + "/deliveries/"
            + java.net.URLEncoder.encode(deliveryId, java.nio.charset.StandardCharsets.UTF_8);
    com.fasterxml.jackson.databind.JsonNode[] found =
        new com.fasterxml.jackson.databind.JsonNode[1];
    Poll.until(
        java.time.Duration.ofSeconds(30),
        () -> {
          Reply r = http.get(path, user.token());
          if (r.status() != 200) return false;
          found[0] = r.json();
          return !"received".equals(found[0].get("status").asText());
        });
    return found[0];
  }

  @Override
  public void close() {
    for (RunningServer other : others) other.close();
    server.close();
    github.close();
    gitlab.close();
    try (var paths = Files.walk(dataDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }

  public record TestUser(String id, String token) {}
}
