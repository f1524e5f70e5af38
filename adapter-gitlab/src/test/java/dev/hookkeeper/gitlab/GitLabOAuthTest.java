package dev.hookkeeper.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.crypto.Pkce;
import dev.hookkeeper.core.model.AdministrableRepository;
import dev.hookkeeper.core.model.AuthorizationRequest;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.OAuthTokens;
import dev.hookkeeper.core.model.ProviderAccount;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenIdentity;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GitLab's authorization-code flow with PKCE and rotating refresh tokens, against the simulated GitLab. */
class GitLabOAuthTest {
  private static final String CALLBACK = "http://127.0.0.1:8080/auth/gitlab/callback";
  private static final Secret VERIFIER = Secret.of("ks02i3jdikdo2k0dkfodf3m39rjfjsdk0wk349rj3jrhf");

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
  private final InstantSource clock = now::get;
  private final OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).callTimeout(Duration.ofSeconds(10)).build();
  private final GitLabSimulator gitlab = GitLabSimulator.start(clock);
  private final GitLabOAuthClient oauth = new GitLabOAuthClient(gitlab.baseUrl(), "app-id", Secret.of("app-secret"), CALLBACK, http, clock);
  private final GitLabHooksClient api = new GitLabHooksClient(http, gitlab.baseUrl(), 1, Duration.ofMillis(1), clock);

  GitLabOAuthTest() {
    gitlab.addProject("group/maintained");
    gitlab.addProject("group/owned");
    gitlab.addProject("group/developer-only");
    gitlab.addUser("tanuki", "glpat-tanuki-personal");
    gitlab.grant("tanuki", "group/maintained", GitLabSimulator.Role.MAINTAINER);
    gitlab.grant("tanuki", "group/owned", GitLabSimulator.Role.OWNER);
    gitlab.grant("tanuki", "group/developer-only", GitLabSimulator.Role.DEVELOPER);
    gitlab.registerOAuthApp("app-id", "app-secret", CALLBACK, "Hookkeeper");
    gitlab.browserSignIn("tanuki");
  }

  @AfterEach
  void stop() {
    gitlab.close();
  }

  private Map<String, String> consent(String authorizeUrl, String decision) throws IOException {
    String page;
    try (Response r = http.newCall(new Request.Builder().url(authorizeUrl).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      page = r.body().string();
    }
    assertThat(page).contains("<form method=\"post\" action=\"/oauth/authorize\">", "tanuki", "Authorize");
    HttpUrl url = HttpUrl.get(authorizeUrl);
    FormBody form = new FormBody.Builder().add("client_id", url.queryParameter("client_id"))
        .add("redirect_uri", url.queryParameter("redirect_uri")).add("state", url.queryParameter("state"))
        .add("scope", url.queryParameter("scope")).add("code_challenge", url.queryParameter("code_challenge"))
        .add("username", "tanuki").add("decision", decision).build();
    try (Response r = http.newCall(new Request.Builder().url(gitlab.baseUrl() + "/oauth/authorize").post(form).build()).execute()) {
      assertThat(r.code()).isEqualTo(302);
      HttpUrl back = HttpUrl.get(r.header("Location"));
      Map<String, String> q = new HashMap<>();
      for (String n : back.queryParameterNames()) q.put(n, back.queryParameter(n));
      return q;
    }
  }

  private String authorizeUrl() {
    return oauth.authorizationUrl(new AuthorizationRequest(CALLBACK, Secret.of("st-1"), Pkce.challengeS256(VERIFIER)));
  }

  @Test
  void signs_in_with_pkce_and_gets_a_two_hour_token_with_a_refresh_token() throws IOException {
    HttpUrl url = HttpUrl.get(authorizeUrl());
    assertThat(url.queryParameter("code_challenge_method")).isEqualTo("S256");
    assertThat(url.queryParameter("scope")).isEqualTo("api");
    assertThat(url.queryParameter("response_type")).isEqualTo("code");

    Map<String, String> back = consent(url.toString(), "authorize");
    assertThat(back.get("state")).isEqualTo("st-1");
    OAuthTokens tokens = oauth.exchangeCode(back.get("code"), CALLBACK, VERIFIER).value();

    assertThat(tokens.renewal().accessTokenExpiresAt()).isEqualTo(now.get().plus(Duration.ofHours(2)));
    assertThat(tokens.scopes()).containsExactly("api");
    ProviderAccount account = api.accountsClient().account(tokens.accessToken()).value();
    assertThat(account.login()).isEqualTo("tanuki");
    assertThat(account.providerUserId()).matches("[0-9]+");
  }

  @Test
  void a_wrong_verifier_a_reused_code_and_a_foreign_redirect_are_invalid_grant() throws IOException {
    String code = consent(authorizeUrl(), "authorize").get("code");
    ProviderResult<OAuthTokens> wrongVerifier = oauth.exchangeCode(code, CALLBACK, Secret.of("x".repeat(43)));
    assertThat(wrongVerifier.failure().reason()).isEqualTo(FailureReason.TOKEN_INVALID);
    assertThat(wrongVerifier.failure().message()).contains("grant is invalid");
    assertThat(oauth.exchangeCode(code, CALLBACK, VERIFIER).failure().reason()).as("the code was spent").isEqualTo(FailureReason.TOKEN_INVALID);

    FormBody raw = new FormBody.Builder().add("client_id", "app-id").add("client_secret", "app-secret")
        .add("grant_type", "authorization_code").add("code", consent(authorizeUrl(), "authorize").get("code"))
        .add("redirect_uri", "http://127.0.0.1:9999/elsewhere").add("code_verifier", VERIFIER.reveal()).build();
    try (Response r = http.newCall(new Request.Builder().url(gitlab.baseUrl() + "/oauth/token").post(raw).build()).execute()) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"Doorkeeper\", error=\"invalid_grant\"");
      assertThat(r.body().string()).contains("\"error\":\"invalid_grant\"");
    }
  }

  @Test
  void a_refresh_rotates_the_pair_and_the_old_ones_stop_working() throws IOException {
    OAuthTokens first = oauth.exchangeCode(consent(authorizeUrl(), "authorize").get("code"), CALLBACK, VERIFIER).value();
    now.set(now.get().plus(Duration.ofMinutes(100)));

    OAuthTokens second = oauth.refresh(first.renewal().refreshToken()).value();

    assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
    assertThat(second.renewal().accessTokenExpiresAt()).isEqualTo(now.get().plus(Duration.ofHours(2)));
    assertThat(oauth.refresh(first.renewal().refreshToken()).failure().reason()).as("single use").isEqualTo(FailureReason.TOKEN_INVALID);
    ProviderResult<TokenIdentity> old = api.identify(first.accessToken());
    assertThat(old.failure().reason()).isEqualTo(FailureReason.TOKEN_INVALID);
    assertThat(old.failure().message()).contains("revoked");
    assertThat(api.identify(second.accessToken()).value().login()).isEqualTo("tanuki");
  }

  @Test
  void an_access_token_past_two_hours_is_expired_and_says_so() throws IOException {
    OAuthTokens tokens = oauth.exchangeCode(consent(authorizeUrl(), "authorize").get("code"), CALLBACK, VERIFIER).value();
    now.set(now.get().plus(Duration.ofHours(2)));

    assertThat(api.identify(tokens.accessToken()).failure().reason()).isEqualTo(FailureReason.TOKEN_EXPIRED);
    assertThat(oauth.refresh(tokens.renewal().refreshToken()).isOk()).as("refresh works after expiry").isTrue();
  }

  @Test
  void a_denied_consent_and_a_wrong_client_secret() throws IOException {
    assertThat(consent(authorizeUrl(), "deny")).containsEntry("error", "access_denied").containsEntry("state", "st-1");

    GitLabOAuthClient wrong = new GitLabOAuthClient(gitlab.baseUrl(), "app-id", Secret.of("nope"), CALLBACK, http, clock);
    ProviderResult<OAuthTokens> refused = wrong.exchangeCode(consent(authorizeUrl(), "authorize").get("code"), CALLBACK, VERIFIER);
    assertThat(refused.failure().reason()).isEqualTo(FailureReason.UNSUPPORTED_BY_PROVIDER);
    assertThat(refused.failure().message()).doesNotContain("nope");
  }

  @Test
  void an_unregistered_redirect_uri_gets_an_error_page_not_a_redirect() throws IOException {
    String url = oauth.authorizationUrl(new AuthorizationRequest("http://evil.example/cb", Secret.of("s"), "c"));
    try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.header("Location")).isNull();
      assertThat(r.body().string()).contains("The redirect uri included is not valid.");
    }
  }

  @Test
  void lists_projects_the_user_maintains_or_owns() {
    List<AdministrableRepository> repos =
        api.accountsClient().administrableRepositories(Secret.of("glpat-tanuki-personal"), 100).value();

    assertThat(repos).extracting(AdministrableRepository::fullName).containsExactly("group/maintained", "group/owned");
    assertThat(repos).allMatch(AdministrableRepository::privateRepo);
  }
}
