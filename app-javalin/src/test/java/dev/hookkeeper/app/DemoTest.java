package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.demo.DemoGuide;
import dev.hookkeeper.app.demo.DemoProviders;
import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestDatabase;
import dev.hookkeeper.core.usecase.RetentionPolicy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The offline demo: its printed steps, run in order against the real server and the simulators, work. */
class DemoTest {
  @Test
  void the_printed_steps_connect_fire_a_failure_and_disconnect() throws Exception {
    try (DemoProviders providers = DemoProviders.start()) {
      AppConfig config = new AppConfig("127.0.0.1", 0, TestDatabase.freshDatabaseUrl(),
          Files.createTempDirectory("hookkeeper-demo-test"), null,
          "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", List.of(), "demo-admin-token-0123456789",
          providers.githubApiUrl(), providers.gitlabUrl(), AppConfig.DEFAULT_GITHUB_EVENTS,
          AppConfig.DEFAULT_GITLAB_EVENTS, "text", RetentionPolicy.DEFAULTS, ClusterSettings.DEFAULTS);
      try (RunningServer server = Wiring.start(config, providers::registerRoutes)) {
        List<String> lines = new ArrayList<>();
        DemoGuide.print(server.useCases(), server.localUrl(), lines::add);
        String guide = String.join("\n", lines);
        Matcher bearer = Pattern.compile("Bearer (hk_[A-Za-z0-9_-]+)").matcher(guide);
        assertThat(bearer.find()).isTrue();
        String token = bearer.group(1);
        assertThat(guide).contains(server.localUrl() + "/api/v2/events", "/demo/github/workflow-run?conclusion=failure",
            DemoProviders.GITHUB_TOKEN, "disconnect");

        Http http = new Http(server.localUrl());
        assertThat(http.put("/api/v2/providers/github/token", token,
            "{\"access_token\": \"" + DemoProviders.GITHUB_TOKEN + "\"}").status()).isEqualTo(200);
        Reply connected = http.post("/api/v2/repositories/connect", token,
            "{\"repository_full_name\": \"" + DemoProviders.GITHUB_REPO + "\"}");
        assertThat(connected.status()).isEqualTo(201);
        String conn = connected.json().get("repository").get("id").asText();
        Poll.until(Duration.ofSeconds(10), () -> "active".equals(
            http.get("/api/v2/repositories/" + conn + "/webhook/status", token).json().get("status").asText()));
        Reply fired = http.post("/demo/github/workflow-run?conclusion=failure", null, "");
        assertThat(fired.json().get("hook_responses").get(0).asInt()).isEqualTo(202);
        Poll.until(Duration.ofSeconds(10),
            () -> http.get("/api/v2/incidents?status=open", token).json().get("items").size() == 1);
        assertThat(http.post("/demo/github/workflow-run?conclusion=maybe", null, "").status()).isEqualTo(400);
        assertThat(http.delete("/api/v2/repositories/" + conn + "/disconnect", token).json()
            .get("webhook_deleted").asBoolean()).isTrue();
      }
    }
  }

  @Test
  void signing_in_with_the_simulated_github_takes_one_click_and_no_account() throws Exception {
    try (DemoProviders providers = DemoProviders.start()) {
      AppConfig config = new AppConfig("127.0.0.1", 0, TestDatabase.freshDatabaseUrl(),
          Files.createTempDirectory("hookkeeper-demo-test"), null,
          "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", List.of(), "demo-admin-token-0123456789",
          providers.githubApiUrl(), providers.gitlabUrl(), AppConfig.DEFAULT_GITHUB_EVENTS,
          AppConfig.DEFAULT_GITLAB_EVENTS, "text", RetentionPolicy.DEFAULTS, ClusterSettings.DEFAULTS)
          .withSignIn(DemoLauncher.demoSignIn(providers, Duration.ofDays(1), "gh-secret", "gl-secret"));
      try (RunningServer server = Wiring.start(config, providers::registerRoutes)) {
        providers.registerOAuthApps(server.webhookBaseUrl(), DemoLauncher.DEMO_GITHUB_CLIENT_ID, "gh-secret",
            DemoLauncher.DEMO_GITLAB_CLIENT_ID, "gl-secret");
        Http http = new Http(server.localUrl());
        assertThat(http.get("/login", null).body()).contains("Sign in with GitHub", "Sign in with GitLab");

        Reply begin = http.get("/auth/github/login", null);
        assertThat(begin.status()).isEqualTo(302);
        String stateCookie = begin.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("hk_oauth_state=")).findFirst().orElseThrow().split(";")[0];
        Http provider = new Http("");
        Reply consent = provider.get(begin.header("Location"), null);
        assertThat(consent.body()).contains("Authorize Hookkeeper demo", "octocat");
        StringBuilder form = new StringBuilder("authorize=1");
        Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(consent.body());
        while (hidden.find()) {
          form.append('&').append(hidden.group(1)).append('=')
              .append(java.net.URLEncoder.encode(hidden.group(2).replace("&amp;", "&"), java.nio.charset.StandardCharsets.UTF_8));
        }
        Reply approved = provider.send(provider.request(providers.githubWebUrl() + "/login/oauth/authorize", null)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form.toString())));
        assertThat(approved.status()).isEqualTo(302);
        Reply callback = provider.send(provider.request(approved.header("Location"), null).header("Cookie", stateCookie).GET());

        assertThat(callback.status()).isEqualTo(303);
        String session = callback.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("hk_session=")).findFirst().orElseThrow().split(";")[0];
        Reply dashboard = http.send(http.request("/", null).header("Cookie", session).GET());
        assertThat(dashboard.body()).contains("Signed in as <strong>octocat</strong>");
      }
    }
  }
}
