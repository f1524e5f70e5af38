package dev.hookkeeper.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.core.model.AuthorizationRequest;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.OAuthTokens;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenRenewal;
import dev.hookkeeper.core.port.ProviderOAuth;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * GitLab's OAuth 2 authorization-code flow with PKCE S256 for a confidential application
 * (provider-facts 4.2): {@code /oauth/authorize} and {@code /oauth/token} on the instance root, scope
 * {@code api}. Access tokens last 2 h; each refresh returns a new pair and invalidates the old one, so
 * the caller stores the pair before using it. {@code 400 invalid_grant} (a used, expired or foreign
 * code or refresh token, a wrong verifier or redirect URI) is {@code TOKEN_INVALID}; {@code 401
 * invalid_client} is the operator's configuration. Thread-safe.
 */
public final class GitLabOAuthClient implements ProviderOAuth {
  static final String SCOPES = "api";

  private final HttpUrl instance;
  private final String clientId;
  private final Secret clientSecret;
  private final String redirectUri;
  private final OkHttpClient http;
  private final InstantSource clock;

  /** @param redirectUri the application's registered callback, sent again with every refresh as GitLab documents */
  public GitLabOAuthClient(String instanceUrl, String clientId, Secret clientSecret, String redirectUri,
      OkHttpClient sharedHttp, InstantSource clock) {
    HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(instanceUrl, "instanceUrl == null"));
    if (parsed == null) throw new IllegalArgumentException("'instanceUrl' is not an http(s) URL: " + instanceUrl);
    this.instance = parsed;
    this.clientId = Objects.requireNonNull(clientId, "clientId == null");
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret == null");
    this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri == null");
    this.http = Objects.requireNonNull(sharedHttp, "sharedHttp == null").newBuilder().followRedirects(false).build();
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public Provider provider() {
    return Provider.GITLAB;
  }

  @Override
  public String authorizationUrl(AuthorizationRequest request) {
    return instance.newBuilder().addPathSegments("oauth/authorize")
        .addQueryParameter("client_id", clientId)
        .addQueryParameter("redirect_uri", request.redirectUri())
        .addQueryParameter("response_type", "code")
        .addQueryParameter("state", request.state().reveal())
        .addQueryParameter("scope", SCOPES)
        .addQueryParameter("code_challenge", request.codeChallenge())
        .addQueryParameter("code_challenge_method", "S256")
        .build().toString();
  }

  @Override
  public ProviderResult<OAuthTokens> exchangeCode(String code, String callbackUri, Secret codeVerifier) {
    return post(new FormBody.Builder().add("client_id", clientId).add("client_secret", clientSecret.reveal())
        .add("code", code).add("grant_type", "authorization_code").add("redirect_uri", callbackUri)
        .add("code_verifier", codeVerifier.reveal()).build(), "code exchange");
  }

  @Override
  public ProviderResult<OAuthTokens> refresh(Secret refreshToken) {
    return post(new FormBody.Builder().add("client_id", clientId).add("client_secret", clientSecret.reveal())
        .add("grant_type", "refresh_token").add("refresh_token", refreshToken.reveal())
        .add("redirect_uri", redirectUri).build(), "token refresh");
  }

  private ProviderResult<OAuthTokens> post(FormBody form, String what) {
    Request request = new Request.Builder().url(instance.newBuilder().addPathSegments("oauth/token").build())
        .post(form).header("Accept", "application/json").build();
    try (Response response = http.newCall(request).execute()) {
      String body = response.body().string();
      JsonNode json = json(body);
      int code = response.code();
      if (code >= 500 || code == 429) {
        return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "GitLab answered the " + what + " with HTTP " + code);
      }
      if (code != 200) return ProviderResult.failed(error(json, code, what));
      String access = json.path("access_token").asText("");
      if (access.isBlank()) {
        return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "GitLab answered the " + what + " without an access token");
      }
      return ProviderResult.ok(new OAuthTokens(Secret.of(access), scopes(json.path("scope").asText(SCOPES)), renewal(json)));
    } catch (IOException e) {
      return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE,
          "GitLab could not be reached for the " + what + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The expiry from {@code created_at + expires_in} when GitLab says when it made the token, else from now. */
  private TokenRenewal renewal(JsonNode json) {
    String refresh = json.path("refresh_token").asText("");
    long expiresIn = json.path("expires_in").asLong(0);
    if (refresh.isBlank() || expiresIn <= 0) return null;
    Instant now = clock.instant();
    long createdAt = json.path("created_at").asLong(0);
    Instant issued = createdAt > 0 && createdAt <= now.getEpochSecond() ? Instant.ofEpochSecond(createdAt) : now;
    return new TokenRenewal(Secret.of(refresh), issued.plusSeconds(expiresIn));
  }

  private static ProviderFailure error(JsonNode json, int code, String what) {
    String error = json.path("error").asText("");
    String description = json.path("error_description").asText(error.isBlank() ? "HTTP " + code : error);
    if ("invalid_grant".equals(error)) return ProviderFailure.of(FailureReason.TOKEN_INVALID, description);
    if ("invalid_client".equals(error) || "unauthorized_client".equals(error) || code == 401) {
      return ProviderFailure.of(FailureReason.UNSUPPORTED_BY_PROVIDER, "GitLab refused the application's credentials: " + description);
    }
    return ProviderFailure.of(FailureReason.TOKEN_INVALID, "GitLab refused the " + what + ": " + description);
  }

  /** GitLab separates scopes with spaces. */
  static List<String> scopes(String scope) {
    return Arrays.stream(scope.split("\\s+")).filter(s -> !s.isBlank()).toList();
  }

  private static JsonNode json(String body) {
    try {
      JsonNode node = GitLabHttp.MAPPER.readTree(body);
      return node == null ? GitLabHttp.MAPPER.missingNode() : node;
    } catch (IOException e) {
      return GitLabHttp.MAPPER.missingNode();
    }
  }
}
