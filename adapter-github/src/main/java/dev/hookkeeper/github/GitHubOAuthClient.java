package dev.hookkeeper.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.AuthorizationRequest;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.OAuthTokens;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenRenewal;
import dev.hookkeeper.core.port.ProviderOAuth;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub's OAuth web flow for an OAuth App (provider-facts 4.1): the authorize page on the web host
 * ({@code https://github.com}, or {@code https://HOST} for GitHub Enterprise Server), the code
 * exchange and the refresh of expiring tokens at {@code /login/oauth/access_token}. GitHub answers
 * token errors with <b>HTTP 200</b> and an {@code error} field, so the body is checked before the
 * token is read. Scopes asked: {@code repo admin:repo_hook read:user}. No PKCE: GitHub Enterprise
 * Server does not support it, and the client secret authenticates the exchange. Thread-safe.
 */
public final class GitHubOAuthClient implements ProviderOAuth {
  public static final String DEFAULT_WEB_URL = "https://github.com";
  static final String SCOPES = "repo admin:repo_hook read:user";
  private static final Logger log = LoggerFactory.getLogger(GitHubOAuthClient.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpUrl web;
  private final String clientId;
  private final Secret clientSecret;
  private final OkHttpClient http;
  private final InstantSource clock;

  public GitHubOAuthClient(String webUrl, String clientId, Secret clientSecret, OkHttpClient sharedHttp, InstantSource clock) {
    HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(webUrl, "webUrl == null"));
    if (parsed == null) throw new IllegalArgumentException("'webUrl' is not an http(s) URL: " + webUrl);
    this.web = parsed;
    this.clientId = Objects.requireNonNull(clientId, "clientId == null");
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret == null");
    // the token endpoint never redirects a well-configured client; following one could send the secret elsewhere
    this.http = Objects.requireNonNull(sharedHttp, "sharedHttp == null").newBuilder().followRedirects(false).build();
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public Provider provider() {
    return Provider.GITHUB;
  }

  @Override
  public String authorizationUrl(AuthorizationRequest request) {
    return web.newBuilder().addPathSegments("login/oauth/authorize")
        .addQueryParameter("client_id", clientId)
        .addQueryParameter("redirect_uri", request.redirectUri())
        .addQueryParameter("scope", SCOPES)
        .addQueryParameter("state", request.state().reveal())
        .addQueryParameter("allow_signup", "false")
        .build().toString();
  }

  @Override
  public ProviderResult<OAuthTokens> exchangeCode(String code, String redirectUri, Secret codeVerifier) {
    return post(new FormBody.Builder().add("client_id", clientId).add("client_secret", clientSecret.reveal())
        .add("code", code).add("redirect_uri", redirectUri).build(), "code exchange");
  }

  @Override
  public ProviderResult<OAuthTokens> refresh(Secret refreshToken) {
    return post(new FormBody.Builder().add("client_id", clientId).add("client_secret", clientSecret.reveal())
        .add("grant_type", "refresh_token").add("refresh_token", refreshToken.reveal()).build(), "token refresh");
  }

  private ProviderResult<OAuthTokens> post(FormBody form, String what) {
    Request request = new Request.Builder().url(web.newBuilder().addPathSegments("login/oauth/access_token").build())
        .post(form).header("Accept", "application/json").header("User-Agent", GitHubTransport.USER_AGENT).build();
    try (Response response = http.newCall(request).execute()) {
      String body = response.body().string();
      if (response.code() >= 500 || response.code() == 429) {
        return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "GitHub answered the " + what + " with HTTP " + response.code());
      }
      JsonNode json = parse(body);
      if (json == null) {
        return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE,
            "GitHub answered the " + what + " with HTTP " + response.code() + " and no JSON");
      }
      // GitHub's errors come with HTTP 200 (provider-facts 4.1): look for "error" before "access_token"
      if (json.hasNonNull("error")) return ProviderResult.failed(GitHubOAuthErrors.of(json));
      String token = json.path("access_token").asText("");
      if (token.isBlank() || response.code() != 200) {
        return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE,
            "GitHub answered the " + what + " with HTTP " + response.code() + " and no access token");
      }
      return ProviderResult.ok(new OAuthTokens(Secret.of(token), scopes(json.path("scope").asText("")), renewal(json)));
    } catch (IOException e) {
      log.atDebug().addKeyValue("error", e.getClass().getSimpleName()).log("github oauth {} failed", what);
      return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "GitHub could not be reached for the " + what
          + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Expiring tokens (GitHub Apps, opted-in OAuth Apps) carry {@code expires_in} and {@code refresh_token}. */
  private TokenRenewal renewal(JsonNode json) {
    String refresh = json.path("refresh_token").asText("");
    long expiresIn = json.path("expires_in").asLong(0);
    if (refresh.isBlank() || expiresIn <= 0) return null;
    return new TokenRenewal(Secret.of(refresh), clock.instant().plusSeconds(expiresIn));
  }

  /** The granted scopes come back comma-separated (the request takes spaces). */
  static List<String> scopes(String granted) {
    return Arrays.stream(granted.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }
}
