package dev.hookkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.AdministrableRepository;
import dev.hookkeeper.core.model.AuthorizationRequest;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.OAuthTokens;
import dev.hookkeeper.core.model.ProviderAccount;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OAuth web flow and the accounts API, against the simulated GitHub (consent form, codes, /user,
 * /user/repos) and against MockWebServer with GitHub's HTTP-200 error bodies.
 */
class GitHubOAuthTest {
  private static final String CALLBACK = "http://127.0.0.1:8080/auth/github/callback";

  private final OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).callTimeout(Duration.ofSeconds(10)).build();
  private final GitHubSimulator github = GitHubSimulator.start();
  private final GitHubOAuthClient oauth =
      new GitHubOAuthClient(github.webUrl(), "Iv1.demo", Secret.of("demo-secret"), http, InstantSource.system());
  private final GitHubHooksClient api = new GitHubHooksClient(github.baseUrl(), http);

  GitHubOAuthTest() {
    github.addRepository("octo-org/zeta", 11, true, "main");
    github.addRepository("octo-org/alpha", 12, false, "main");
    github.addRepository("octo-org/readonly", 13, false, "main");
    github.addRepository("someone/else", 14, true, "main");
    github.addUser("octocat", "ghp_pat", List.of("repo", "admin:repo_hook"));
    github.grant("octocat", "octo-org/zeta", GitHubSimulator.Role.ADMIN);
    github.grant("octocat", "octo-org/alpha", GitHubSimulator.Role.ADMIN);
    github.grant("octocat", "octo-org/readonly", GitHubSimulator.Role.WRITE);
    github.registerOAuthApp("Iv1.demo", "demo-secret", CALLBACK, "Hookkeeper");
    github.browserSignIn("octocat");
  }

  @AfterEach
  void stop() {
    github.close();
  }

  /** Plays the browser: opens the authorize URL, submits the consent form, returns the callback's query. */
  private Map<String, String> consent(String authorizeUrl, boolean approve) throws IOException {
    String page = get(authorizeUrl).body().string();
    assertThat(page).contains("<form method=\"post\" action=\"/login/oauth/authorize\">", "Authorize Hookkeeper", "octocat");
    HttpUrl url = HttpUrl.get(authorizeUrl);
    FormBody.Builder form = new FormBody.Builder().add("client_id", url.queryParameter("client_id"))
        .add("redirect_uri", url.queryParameter("redirect_uri")).add("scope", url.queryParameter("scope"))
        .add("state", url.queryParameter("state")).add("login", "octocat").add("authorize", approve ? "1" : "0");
    try (Response r = http.newCall(new Request.Builder().url(github.webUrl() + "/login/oauth/authorize").post(form.build()).build()).execute()) {
      assertThat(r.code()).isEqualTo(302);
      HttpUrl back = HttpUrl.get(r.header("Location"));
      assertThat(back.toString()).startsWith(CALLBACK + "?");
      Map<String, String> q = new java.util.HashMap<>();
      for (String n : back.queryParameterNames()) q.put(n, back.queryParameter(n));
      return q;
    }
  }

  private Response get(String url) throws IOException {
    return http.newCall(new Request.Builder().url(url).build()).execute();
  }

  @Test
  void the_whole_flow_gives_a_token_that_identifies_the_user_by_stable_id() throws IOException {
    String url = oauth.authorizationUrl(new AuthorizationRequest(CALLBACK, Secret.of("state-123"), "challenge"));
    assertThat(HttpUrl.get(url).queryParameter("scope")).isEqualTo("repo admin:repo_hook read:user");
    assertThat(HttpUrl.get(url).queryParameter("code_challenge")).as("no PKCE: GHES lacks it").isNull();

    Map<String, String> back = consent(url, true);
    assertThat(back.get("state")).isEqualTo("state-123");
    ProviderResult<OAuthTokens> tokens = oauth.exchangeCode(back.get("code"), CALLBACK, Secret.of("v".repeat(43)));

    assertThat(tokens.value().accessToken().reveal()).startsWith("gho_");
    assertThat(tokens.value().scopes()).containsExactly("repo", "admin:repo_hook", "read:user");
    assertThat(tokens.value().renewal()).as("OAuth App tokens do not expire").isNull();
    ProviderAccount account = api.accountsClient().account(tokens.value().accessToken()).value();
    assertThat(account.login()).isEqualTo("octocat");
    assertThat(account.providerUserId()).matches("[0-9]+");
    assertThat(oauth.exchangeCode(back.get("code"), CALLBACK, Secret.of("v".repeat(43))).failure().reason())
        .as("a code works once").isEqualTo(FailureReason.TOKEN_INVALID);
  }

  @Test
  void lists_only_repositories_with_admin_permission_across_pages() {
    ProviderResult<List<AdministrableRepository>> repos = api.accountsClient().administrableRepositories(Secret.of("ghp_pat"), 100);

    assertThat(repos.value()).extracting(AdministrableRepository::fullName).containsExactly("octo-org/alpha", "octo-org/zeta");
    assertThat(repos.value().get(1).privateRepo()).isTrue();
  }

  @Test
  void the_simulated_user_repos_pages_with_a_link_header() throws IOException {
    Request request = new Request.Builder().url(github.baseUrl() + "/user/repos?per_page=1")
        .header("Authorization", "Bearer ghp_pat").build();
    try (Response r = http.newCall(request).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Link")).contains("page=2>; rel=\"next\"", "page=3>; rel=\"last\"");
      assertThat(r.body().string()).contains("\"full_name\":\"octo-org/alpha\"", "\"admin\":true");
    }
  }

  @Test
  void a_denied_consent_comes_back_as_access_denied() throws IOException {
    Map<String, String> back = consent(oauth.authorizationUrl(new AuthorizationRequest(CALLBACK, Secret.of("s"), "c")), false);

    assertThat(back).containsEntry("error", "access_denied").containsEntry("state", "s").doesNotContainKey("code");
  }

  @Test
  void an_unregistered_redirect_uri_is_sent_back_to_the_registered_callback_with_the_error() throws IOException {
    String url = oauth.authorizationUrl(new AuthorizationRequest("http://evil.example/cb", Secret.of("s"), "c"));
    try (Response r = get(url)) {
      assertThat(r.code()).isEqualTo(302);
      assertThat(r.header("Location")).startsWith(CALLBACK + "?error=redirect_uri_mismatch");
    }
  }

  @Test
  void the_simulated_token_endpoint_answers_errors_with_http_200_json_or_form() throws IOException {
    FormBody bad = new FormBody.Builder().add("client_id", "Iv1.demo").add("client_secret", "demo-secret").add("code", "nope").build();
    try (Response json = http.newCall(new Request.Builder().url(github.webUrl() + "/login/oauth/access_token")
        .header("Accept", "application/json").post(bad).build()).execute()) {
      assertThat(json.code()).isEqualTo(200);
      assertThat(json.body().string()).contains("\"error\":\"bad_verification_code\"", "The code passed is incorrect or expired.");
    }
    try (Response form = http.newCall(new Request.Builder().url(github.webUrl() + "/login/oauth/access_token").post(bad).build()).execute()) {
      assertThat(form.code()).isEqualTo(200);
      assertThat(form.body().string()).startsWith("error=bad_verification_code&error_description=");
    }
  }

  @Test
  void a_wrong_client_secret_is_the_operators_configuration_not_the_users_code() throws IOException {
    GitHubOAuthClient misconfigured =
        new GitHubOAuthClient(github.webUrl(), "Iv1.demo", Secret.of("wrong"), http, InstantSource.system());
    Map<String, String> back = consent(misconfigured.authorizationUrl(new AuthorizationRequest(CALLBACK, Secret.of("s"), "c")), true);

    ProviderResult<OAuthTokens> result = misconfigured.exchangeCode(back.get("code"), CALLBACK, Secret.of("v".repeat(43)));

    assertThat(result.failure().reason()).isEqualTo(FailureReason.UNSUPPORTED_BY_PROVIDER);
    assertThat(result.failure().message()).contains("incorrect_client_credentials").doesNotContain("wrong");
  }

  @Test
  void reads_errors_in_an_http_200_body_and_expiring_tokens_from_github_itself() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      GitHubOAuthClient client = new GitHubOAuthClient(server.url("/").toString(), "Iv1.x", Secret.of("sec"), http,
          InstantSource.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z")));
      server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
          .body("{\"error\":\"bad_verification_code\",\"error_description\":\"The code passed is incorrect or expired.\","
              + "\"error_uri\":\"https://docs.github.com/\"}").build());
      server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
          .body("{\"access_token\":\"ghu_abc\",\"expires_in\":28800,\"refresh_token\":\"ghr_def\","
              + "\"refresh_token_expires_in\":15897600,\"scope\":\"\",\"token_type\":\"bearer\"}").build());
      server.enqueue(new MockResponse.Builder().code(502).body("bad gateway").build());

      ProviderResult<OAuthTokens> refused = client.exchangeCode("c", CALLBACK, Secret.of("v".repeat(43)));
      ProviderResult<OAuthTokens> expiring = client.exchangeCode("c2", CALLBACK, Secret.of("v".repeat(43)));
      ProviderResult<OAuthTokens> down = client.refresh(Secret.of("ghr_def"));

      assertThat(refused.failure().reason()).isEqualTo(FailureReason.TOKEN_INVALID);
      assertThat(refused.failure().message()).isEqualTo("The code passed is incorrect or expired.");
      assertThat(expiring.value().renewal().refreshToken().reveal()).isEqualTo("ghr_def");
      assertThat(expiring.value().renewal().accessTokenExpiresAt()).isEqualTo(java.time.Instant.parse("2026-01-01T08:00:00Z"));
      assertThat(down.failure().reason()).isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
      RecordedRequest exchange = server.takeRequest();
      assertThat(exchange.getHeaders().get("Accept")).isEqualTo("application/json");
      assertThat(exchange.getBody().utf8()).contains("client_id=Iv1.x", "client_secret=sec", "code=c",
          "redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fauth%2Fgithub%2Fcallback");
      server.takeRequest();
      assertThat(server.takeRequest().getBody().utf8()).contains("grant_type=refresh_token", "refresh_token=ghr_def");
    }
  }
}
