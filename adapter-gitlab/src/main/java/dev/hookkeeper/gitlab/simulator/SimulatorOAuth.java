package dev.hookkeeper.gitlab.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulated GitLab's OAuth 2 provider (Doorkeeper, provider-facts 4.2): {@code GET
 * /oauth/authorize} shows a consent page (an HTML form) for the browser's signed-in user, or an error
 * page for an unknown client or redirect URI (no redirect then, as Doorkeeper does); its {@code POST}
 * redirects with a code or {@code error=access_denied}. {@code POST /oauth/token} exchanges a code
 * (10 minutes, once, same redirect URI, PKCE S256 verified) for a 2 h access token and a refresh
 * token; a refresh rotates the pair (the old access token is revoked, the old refresh token refused).
 * Refusals: {@code 400 invalid_grant} and {@code 401 invalid_client} with {@code WWW-Authenticate},
 * {@code Cache-Control: no-store} on every answer.
 */
final class SimulatorOAuth implements HttpHandler {
  static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
  static final Duration TOKEN_LIFETIME = Duration.ofHours(2);
  private static final String INVALID_GRANT = "The provided authorization grant is invalid, expired, revoked, does not"
      + " match the redirection URI used in the authorization request, or was issued to another client.";
  private static final String INVALID_CLIENT = "Client authentication failed due to unknown client, no client"
      + " authentication included, or unsupported authentication method.";

  private final SimulatorState state;
  private final SecureRandom random = new SecureRandom();

  SimulatorOAuth(SimulatorState state) {
    this.state = state;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String method = ex.getRequestMethod();
      Map<String, String> params = form(ex.getRequestURI().getRawQuery());
      if ("POST".equals(method)) params.putAll(form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      synchronized (state) {
        if (state.outage) {
          json(ex, 502, SimulatorJson.message("message", "502 Bad Gateway"));
        } else if (path.equals("/oauth/authorize") && "GET".equals(method)) {
          authorizePage(ex, params);
        } else if (path.equals("/oauth/authorize") && "POST".equals(method)) {
          decide(ex, params);
        } else if (path.equals("/oauth/token") && "POST".equals(method)) {
          token(ex, params);
        } else {
          html(ex, 404, page("Not Found", "<h1>404</h1><p>Page not found.</p>"));
        }
      }
    }
  }

  private void authorizePage(HttpExchange ex, Map<String, String> p) throws IOException {
    SimOAuthApp app = state.oauthApps.get(p.get("client_id"));
    if (app == null) {
      html(ex, 401, page("An error has occurred", "<h1>An error has occurred</h1><p>" + INVALID_CLIENT + "</p>"));
      return;
    }
    if (!app.redirectUri().equals(p.get("redirect_uri"))) {
      html(ex, 400, page("An error has occurred", "<h1>An error has occurred</h1><p>The redirect uri included is not valid.</p>"));
      return;
    }
    if (!"code".equals(p.get("response_type"))) {
      redirect(ex, app.redirectUri(), ordered("error", "unsupported_response_type", "error_description",
          "The authorization server does not support this response type.", "state", p.getOrDefault("state", "")));
      return;
    }
    String method = p.get("code_challenge_method");
    if (p.containsKey("code_challenge") && method != null && !"S256".equals(method)) {
      redirect(ex, app.redirectUri(), ordered("error", "invalid_request", "error_description",
          "Code challenge method not supported.", "state", p.getOrDefault("state", "")));
      return;
    }
    SimUser user = state.browserUser == null ? null : byUsername(state.browserUser);
    if (user == null) {
      html(ex, 200, page("Sign in", "<h1>Sign in</h1><p>No one is signed in to the simulated GitLab: call"
          + " <code>browserSignIn(username)</code> first.</p>"));
      return;
    }
    String scope = p.getOrDefault("scope", "");
    String body = "<h1>Authorize " + esc(app.name()) + " to use your account?</h1>"
        + "<p>An application called " + esc(app.name()) + " is requesting access to your GitLab account <strong>"
        + esc(user.username()) + "</strong>.</p><p>Scopes: <code>" + esc(scope) + "</code></p>"
        + "<form method=\"post\" action=\"/oauth/authorize\">"
        + hidden("client_id", app.clientId()) + hidden("redirect_uri", app.redirectUri()) + hidden("state", p.getOrDefault("state", ""))
        + hidden("scope", scope) + hidden("code_challenge", p.getOrDefault("code_challenge", ""))
        + hidden("username", user.username())
        + "<button type=\"submit\" name=\"decision\" value=\"authorize\" data-testid=\"authorization-button\">Authorize</button> "
        + "<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>";
    html(ex, 200, page("Authorize application", body));
  }

  private void decide(HttpExchange ex, Map<String, String> p) throws IOException {
    SimOAuthApp app = state.oauthApps.get(p.get("client_id"));
    SimUser user = p.get("username") == null ? null : byUsername(p.get("username"));
    if (app == null || user == null || !app.redirectUri().equals(p.get("redirect_uri"))) {
      html(ex, 422, page("An error has occurred", "<h1>An error has occurred</h1><p>The request is not valid.</p>"));
      return;
    }
    String st = p.getOrDefault("state", "");
    if (!"authorize".equals(p.get("decision"))) {
      redirect(ex, app.redirectUri(), ordered("error", "access_denied", "error_description",
          "The resource owner or authorization server denied the request.", "state", st));
      return;
    }
    String code = random(32);
    String challenge = p.getOrDefault("code_challenge", "");
    state.oauthCodes.put(code, new SimOAuthGrant(app.clientId(), user, p.getOrDefault("scope", ""), app.redirectUri(),
        challenge.isBlank() ? null : challenge, null, state.clock.instant().plus(CODE_LIFETIME)));
    redirect(ex, app.redirectUri(), ordered("code", code, "state", st));
  }

  private void token(HttpExchange ex, Map<String, String> p) throws IOException {
    SimOAuthApp app = state.oauthApps.get(p.get("client_id"));
    if (app == null || !app.clientSecret().equals(p.get("client_secret"))) {
      refuse(ex, 401, "invalid_client", INVALID_CLIENT);
      return;
    }
    String grantType = p.getOrDefault("grant_type", "");
    Instant now = state.clock.instant();
    if (grantType.equals("authorization_code")) {
      SimOAuthGrant code = state.oauthCodes.remove(p.getOrDefault("code", ""));
      boolean valid = code != null && code.clientId().equals(app.clientId()) && now.isBefore(code.expiresAt())
          && code.redirectUri().equals(p.get("redirect_uri"))
          && (code.codeChallenge() == null || code.codeChallenge().equals(s256(p.getOrDefault("code_verifier", ""))));
      if (!valid) {
        refuse(ex, 400, "invalid_grant", INVALID_GRANT);
        return;
      }
      issue(ex, app, code.user(), code.scope(), now);
    } else if (grantType.equals("refresh_token")) {
      SimOAuthGrant grant = state.refreshTokens.remove(p.getOrDefault("refresh_token", ""));
      if (grant == null || !grant.clientId().equals(app.clientId())) {
        refuse(ex, 400, "invalid_grant", INVALID_GRANT);
        return;
      }
      // rotation: the old pair stops working the moment the new one is issued
      state.usersByToken.remove(grant.accessToken());
      state.tokenExpiry.remove(grant.accessToken());
      state.revokedTokens.add(grant.accessToken());
      issue(ex, app, grant.user(), grant.scope(), now);
    } else {
      refuse(ex, 400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
    }
  }

  private void issue(HttpExchange ex, SimOAuthApp app, SimUser user, String scope, Instant now) throws IOException {
    String access = random(32);
    String refresh = random(32);
    state.usersByToken.put(access, user);
    state.tokenExpiry.put(access, now.plus(TOKEN_LIFETIME));
    state.refreshTokens.put(refresh, new SimOAuthGrant(app.clientId(), user, scope, app.redirectUri(), null, access, null));
    ObjectNode body = SimulatorJson.MAPPER.createObjectNode().put("access_token", access).put("token_type", "Bearer")
        .put("expires_in", TOKEN_LIFETIME.toSeconds()).put("refresh_token", refresh);
    if (!scope.isBlank()) body.put("scope", scope);
    body.put("created_at", now.getEpochSecond());
    json(ex, 200, body);
  }

  private static void refuse(HttpExchange ex, int status, String error, String description) throws IOException {
    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"Doorkeeper\", error=\"" + error
        + "\", error_description=\"" + description + "\"");
    json(ex, status, SimulatorJson.message("error", error).put("error_description", description));
  }

  private SimUser byUsername(String username) {
    for (SimUser u : state.usersByToken.values()) {
      if (u.username().equals(username)) return u;
    }
    return null;
  }

  static String s256(String verifier) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private String random(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  private static void json(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] bytes = SimulatorJson.MAPPER.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static void html(HttpExchange ex, int status, String page) throws IOException {
    byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static void redirect(HttpExchange ex, String to, Map<String, String> query) throws IOException {
    StringBuilder q = new StringBuilder();
    query.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    ex.getResponseHeaders().set("Location", to + (to.contains("?") ? "&" : "?") + q);
    ex.sendResponseHeaders(302, -1);
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) out.put(kv[i], kv[i + 1]);
    return out;
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) return out;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String page(String title, String body) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
        + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
        + "<body style=\"font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem\"><main>"
        + "<p><strong>GitLab</strong> (simulated)</p>" + body + "</main></body></html>";
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
  }

  static String esc(String s) {
    if (s == null) return "";
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
