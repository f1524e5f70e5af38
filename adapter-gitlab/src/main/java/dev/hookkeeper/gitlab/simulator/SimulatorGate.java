package dev.hookkeeper.gitlab.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What GitLab checks before routing: outage, the token (unknown → {@code 401 Unauthorized}; revoked
 * or expired → OAuth's {@code invalid_token}, provider-facts 4.2), a {@code read_api} token asked
 * to write ({@code 403 insufficient_scope}), and the authenticated API budget, reported on every
 * answer in {@code RateLimit-*} headers as GitLab.com documents them and refused with 429 and
 * {@code Retry-After} once spent. Runs under the state lock.
 */
final class SimulatorGate {
  /** The user and the headers every answer to it carries, or the refusal. */
  record Passed(SimUser user, Map<String, String> headers) {}

  private final SimulatorState state;

  SimulatorGate(SimulatorState state) {
    this.state = state;
  }

  /** {@link Passed} or {@link SimulatorApi.Reply}. */
  Object check(HttpExchange exchange) {
    if (state.outage)
      return SimulatorApi.Reply.of(502, SimulatorJson.message("message", "502 Bad Gateway"));
    if (state.rateLimitNext != null) {
      long seconds = Math.max(1, state.rateLimitNext.toSeconds());
      state.rateLimitNext = null;
      long reset = state.clock.instant().getEpochSecond() + seconds;
      return new SimulatorApi.Reply(
          429,
          null,
          Map.of(
              "Retry-After",
              String.valueOf(seconds),
              "RateLimit-Reset",
              String.valueOf(reset),
              "RateLimit-Remaining",
              "0"),
          null);
    }
    String token = token(exchange);
    SimUser user = token == null ? null : state.usersByToken.get(token);
    boolean tokenRevoked = token != null && state.revokedTokens.contains(token);
    java.time.Instant expiry = token == null ? null : state.tokenExpiry.get(token);
    boolean tokenExpired = expiry != null && !state.clock.instant().isBefore(expiry);
    if (user == null && !tokenRevoked)
      return SimulatorApi.Reply.of(401, SimulatorJson.message("message", "401 Unauthorized"));
    if (tokenRevoked || user.revoked || user.expired || tokenExpired) {
      String description =
          tokenRevoked || user.revoked
              ? "Token was revoked. You have to re-authorize from the user."
              : "Token is expired. You can either do re-authorization or token refresh.";
      return new SimulatorApi.Reply(
          401,
          SimulatorJson.message("error", "invalid_token").put("error_description", description),
          Map.of(
              "WWW-Authenticate",
              "Bearer realm=\"Protected by OAuth 2\", error=\"invalid_token\", error_description=\""
                  + description
                  + "\""),
          null);
    }
    refill(user);
    if (user.remaining == 0) {
      state.budgetRefusals++;
      Map<String, String> h = budgetHeaders(user);
      h.put(
          "Retry-After",
          Long.toString(
              Math.max(1, user.resetAt.getEpochSecond() - state.clock.instant().getEpochSecond())));
      return new SimulatorApi.Reply(429, null, h, null);
    }
    user.remaining--;
    if (!"GET".equals(exchange.getRequestMethod()) && !user.mayWrite()) {
      return new SimulatorApi.Reply(
          403,
          SimulatorJson.message("error", "insufficient_scope")
              .put(
                  "error_description",
                  "The request requires higher privileges than provided by the access token.")
              .put("scope", "api"),
          budgetHeaders(user),
          null);
    }
    return new Passed(user, budgetHeaders(user));
  }

  private void refill(SimUser user) {
    Instant now = state.clock.instant();
    if (user.resetAt == null || !now.isBefore(user.resetAt)) {
      user.remaining = state.budgetLimit;
      user.resetAt = now.plus(state.budgetWindow);
    }
  }

  private Map<String, String> budgetHeaders(SimUser user) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("RateLimit-Name", "throttle_authenticated_api");
    h.put("RateLimit-Limit", Integer.toString(state.budgetLimit));
    h.put("RateLimit-Observed", Integer.toString(state.budgetLimit - user.remaining));
    h.put("RateLimit-Remaining", Integer.toString(user.remaining));
    h.put("RateLimit-Reset", Long.toString(user.resetAt.getEpochSecond()));
    h.put(
        "RateLimit-ResetTime",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(user.resetAt.atOffset(ZoneOffset.UTC)));
    return h;
  }

  private static String token(HttpExchange exchange) {
    String token = exchange.getRequestHeaders().getFirst("PRIVATE-TOKEN");
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (token == null && authorization != null && authorization.startsWith("Bearer ")) {
      token = authorization.substring("Bearer ".length()).trim();
    }
    return token;
  }
}
