package dev.hookkeeper.github.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulated github.com's OAuth web flow (provider-facts 4.1): {@code GET /login/oauth/authorize}
 * shows a consent page (a real HTML form) for the browser's signed-in user, {@code POST} of that form
 * redirects to the callback with a code (or {@code error=access_denied}); an unknown redirect URI
 * comes back to the registered callback with {@code error=redirect_uri_mismatch}. {@code POST
 * /login/oauth/access_token} exchanges a code (10 minutes, once) for a {@code gho_} token; every error
 * is answered with <b>HTTP 200</b> and an {@code error} field, as GitHub does, in JSON when asked for
 * it and form-encoded otherwise.
 */
final class SimOAuth implements HttpHandler {
  static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
  private static final String ERROR_DOCS = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors";

  private final SimState state;
  private final SecureRandom random = new SecureRandom();

  SimOAuth(SimState state) {
    this.state = state;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String method = ex.getRequestMethod();
      Map<String, String> params = SimRequest.of(method, path, ex.getRequestURI().getRawQuery(), new byte[0], null).query();
      if (method.equals("POST")) {
        byte[] body = ex.getRequestBody().readAllBytes();
        params.putAll(SimRequest.of(method, path, new String(body, StandardCharsets.UTF_8), new byte[0], null).query());
      }
      synchronized (state) {
        if (path.equals("/login/oauth/authorize") && method.equals("GET")) {
          authorizePage(ex, params);
        } else if (path.equals("/login/oauth/authorize") && method.equals("POST")) {
          decide(ex, params);
        } else if (path.equals("/login/oauth/access_token") && method.equals("POST")) {
          token(ex, params);
        } else {
          html(ex, 404, SimHtml.page("Not Found", "<h1>404</h1><p>This is not the web page you are looking for.</p>"));
        }
      }
    }
  }

  private void authorizePage(HttpExchange ex, Map<String, String> p) throws IOException {
    SimOAuthApp app = state.oauthApps.get(p.get("client_id"));
    if (app == null) {
      html(ex, 404, SimHtml.page("Not Found", "<h1>404</h1><p>No OAuth application with that client_id.</p>"));
      return;
    }
    String redirect = p.getOrDefault("redirect_uri", app.callbackUrl());
    if (!redirectAllowed(app.callbackUrl(), redirect)) {
      redirect(ex, app.callbackUrl(), ordered("error", "redirect_uri_mismatch",
          "error_description", "The redirect_uri MUST match the registered callback URL for this application.",
          "error_uri", ERROR_DOCS, "state", p.getOrDefault("state", "")));
      return;
    }
    SimUser user = state.browserLogin == null ? null : findUser(state.browserLogin);
    if (user == null) {
      html(ex, 200, SimHtml.page("Sign in to GitHub", "<h1>Sign in to GitHub</h1>"
          + "<p>No one is signed in to the simulated GitHub: call <code>browserSignIn(login)</code> first.</p>"));
      return;
    }
    String scope = p.getOrDefault("scope", "");
    StringBuilder form = new StringBuilder();
    form.append("<h1>Authorize ").append(SimHtml.escape(app.name())).append("</h1>")
        .append("<p>").append(SimHtml.escape(app.name())).append(" wants to access your <strong>")
        .append(SimHtml.escape(user.login)).append("</strong> account.</p>")
        .append("<p>Scopes: <code>").append(SimHtml.escape(scope.isBlank() ? "(none)" : scope)).append("</code></p>")
        .append("<form method=\"post\" action=\"/login/oauth/authorize\">")
        .append(SimHtml.hidden("client_id", app.clientId())).append(SimHtml.hidden("redirect_uri", redirect))
        .append(SimHtml.hidden("scope", scope)).append(SimHtml.hidden("state", p.getOrDefault("state", "")))
        .append(SimHtml.hidden("code_challenge", p.getOrDefault("code_challenge", "")))
        .append(SimHtml.hidden("login", user.login))
        .append("<button type=\"submit\" name=\"authorize\" value=\"1\" id=\"js-oauth-authorize-btn\">Authorize ")
        .append(SimHtml.escape(user.login)).append("</button> ")
        .append("<button type=\"submit\" name=\"authorize\" value=\"0\">Cancel</button></form>");
    html(ex, 200, SimHtml.page("Authorize application", form.toString()));
  }

  private void decide(HttpExchange ex, Map<String, String> p) throws IOException {
    SimOAuthApp app = state.oauthApps.get(p.get("client_id"));
    String redirect = p.get("redirect_uri");
    SimUser user = p.get("login") == null ? null : findUser(p.get("login"));
    if (app == null || redirect == null || !redirectAllowed(app.callbackUrl(), redirect) || user == null) {
      html(ex, 422, SimHtml.page("Unprocessable", "<h1>422</h1><p>The authorization request is not valid.</p>"));
      return;
    }
    String st = p.getOrDefault("state", "");
    if (!"1".equals(p.get("authorize"))) {
      redirect(ex, redirect, ordered("error", "access_denied",
          "error_description", "The user has denied your application access.", "error_uri", ERROR_DOCS, "state", st));
      return;
    }
    String code = hex(10);
    String challenge = p.getOrDefault("code_challenge", "");
    state.oauthCodes.put(code, new SimOAuthCode(app.clientId(), redirect, user, p.getOrDefault("scope", ""),
        challenge.isBlank() ? null : challenge, state.now().plus(CODE_LIFETIME)));
    redirect(ex, redirect, st.isEmpty() ? ordered("code", code) : ordered("code", code, "state", st));
  }

  private void token(HttpExchange ex, Map<String, String> p) throws IOException {
    boolean json = String.valueOf(ex.getRequestHeaders().getFirst("Accept")).contains("json");
    SimOAuthApp app = state.oauthApps.get(p.get("client_id"));
    if (app == null || !app.clientSecret().equals(p.get("client_secret"))) {
      error(ex, json, "incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.");
      return;
    }
    if ("refresh_token".equals(p.get("grant_type"))) {
      // OAuth App tokens here do not expire, so no refresh token was ever issued
      error(ex, json, "bad_refresh_token", "The refresh token passed is incorrect or expired.");
      return;
    }
    SimOAuthCode code = state.oauthCodes.remove(p.getOrDefault("code", ""));
    if (code == null || !code.clientId().equals(app.clientId()) || !state.now().isBefore(code.expiresAt())) {
      error(ex, json, "bad_verification_code", "The code passed is incorrect or expired.");
      return;
    }
    if (p.containsKey("redirect_uri") && !p.get("redirect_uri").equals(code.redirectUri())) {
      error(ex, json, "redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application.");
      return;
    }
    if (code.codeChallenge() != null && !code.codeChallenge().equals(s256(p.getOrDefault("code_verifier", "")))) {
      error(ex, json, "bad_verification_code", "The code passed is incorrect or expired.");
      return;
    }
    String token = "gho_" + hex(18);
    state.usersByToken.put(token, code.user());
    String granted = String.join(",", code.scope().trim().split("\\s+"));
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("access_token", token);
    fields.put("scope", granted);
    fields.put("token_type", "bearer");
    answer(ex, json, fields);
  }

  private void error(HttpExchange ex, boolean json, String error, String description) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("error", error);
    fields.put("error_description", description);
    fields.put("error_uri", ERROR_DOCS);
    answer(ex, json, fields); // HTTP 200, as GitHub does
  }

  private static void answer(HttpExchange ex, boolean json, Map<String, String> fields) throws IOException {
    byte[] body;
    if (json) {
      ObjectNode node = SimJson.MAPPER.createObjectNode();
      fields.forEach(node::put);
      body = node.toString().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    } else {
      body = form(fields).getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    }
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
  }

  private SimUser findUser(String login) {
    for (SimUser u : state.usersByToken.values()) {
      if (u.login.equals(login)) return u;
    }
    return null;
  }

  /** Same scheme, host and port as the registered callback (any port on loopback), path at or below it. */
  static boolean redirectAllowed(String registered, String requested) {
    try {
      URI r = URI.create(registered);
      URI q = URI.create(requested);
      if (q.getScheme() == null || q.getHost() == null || q.getRawFragment() != null) return false;
      boolean loopback = r.getHost().equals("127.0.0.1") || r.getHost().equals("localhost");
      return r.getScheme().equals(q.getScheme()) && r.getHost().equalsIgnoreCase(q.getHost())
          && (loopback || r.getPort() == q.getPort())
          && (q.getRawPath().equals(r.getRawPath()) || q.getRawPath().startsWith(r.getRawPath().replaceAll("/?$", "/")));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void redirect(HttpExchange ex, String to, Map<String, String> query) throws IOException {
    ex.getResponseHeaders().set("Location", to + (to.contains("?") ? "&" : "?") + form(query));
    ex.sendResponseHeaders(302, -1);
  }

  private static void html(HttpExchange ex, int status, String page) throws IOException {
    byte[] body = page.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  private static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) out.put(keysAndValues[i], keysAndValues[i + 1]);
    return out;
  }

  private static String form(Map<String, String> fields) {
    StringBuilder out = new StringBuilder();
    fields.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return out.toString();
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  static String s256(String verifier) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
