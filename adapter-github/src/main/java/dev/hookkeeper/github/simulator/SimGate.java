package dev.hookkeeper.github.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What GitHub checks before routing (provider-facts 1.10, 4.1): outage, secondary and primary rate
 * limits with their headers and texts, the token ({@code 401 Bad credentials}), and the per-token
 * budget every answer reports in {@code x-ratelimit-*}. Runs under the state lock.
 */
final class SimGate {
  static final String RATE_DOCS =
      "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";

  /** The authenticated user and the headers every answer to it carries, or the refusal. */
  record Passed(SimUser user, Map<String, String> headers) {}

  private final SimState state;

  SimGate(SimState state) {
    this.state = state;
  }

  /** {@code Passed} or {@code SimReply}. */
  Object check(SimRequest request) {
    if (state.down)
      return SimReply.json(
          503,
          new LinkedHashMap<>(),
          SimJson.error("Service Unavailable", "https://www.githubstatus.com", 503));
    SimUser user = authenticate(request.authorization());
    if (state.secondaryLimitNext != null) {
      Map<String, String> h = user == null ? new LinkedHashMap<>() : budgetHeaders(user);
      h.put("Retry-After", Long.toString(Math.max(1, state.secondaryLimitNext.toSeconds())));
      state.secondaryLimitNext = null;
      return SimReply.json(
          403,
          h,
          SimJson.error(
              "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
              RATE_DOCS,
              403));
    }
    if (state.rateLimitedRequests > 0) {
      state.rateLimitedRequests--;
      Map<String, String> h = new LinkedHashMap<>();
      h.put("X-RateLimit-Limit", Integer.toString(state.budgetLimit));
      h.put("X-RateLimit-Remaining", "0");
      h.put("X-RateLimit-Used", Integer.toString(state.budgetLimit));
      h.put("X-RateLimit-Reset", Long.toString(state.now().getEpochSecond() + 60));
      h.put("X-RateLimit-Resource", "core");
      return SimReply.json(
          403,
          h,
          SimJson.error(
              "API rate limit exceeded for user ID " + (user == null ? 1 : user.id) + ".",
              RATE_DOCS,
              403));
    }
    if (user == null) {
      String message =
          request.authorization() == null ? "Requires authentication" : "Bad credentials";
      return SimReply.json(
          401, new LinkedHashMap<>(), SimJson.error(message, "https://docs.github.com/rest", 401));
    }
    refill(user);
    if (user.remaining == 0) {
      state.budgetRefusals++;
      return SimReply.json(
          403,
          budgetHeaders(user),
          SimJson.error("API rate limit exceeded for user ID " + user.id + ".", RATE_DOCS, 403));
    }
    user.remaining--;
    Map<String, String> headers = budgetHeaders(user);
    if (user.scopes != null) headers.put("X-OAuth-Scopes", String.join(", ", user.scopes));
    headers.put("X-GitHub-Media-Type", "github.v3; format=json");
    headers.put("X-GitHub-Api-Version-Selected", SimApi.API_VERSION);
    return new Passed(user, headers);
  }

  /** GitHub's primary limit refills a token's budget an hour after the window began. */
  private void refill(SimUser user) {
    Instant now = state.now();
    if (user.resetAt == null || !now.isBefore(user.resetAt)) {
      user.remaining = state.budgetLimit;
      user.resetAt = now.plus(state.budgetWindow);
    }
  }

  private Map<String, String> budgetHeaders(SimUser user) {
    refill(user);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-RateLimit-Limit", Integer.toString(state.budgetLimit));
    h.put("X-RateLimit-Remaining", Integer.toString(user.remaining));
    h.put("X-RateLimit-Used", Integer.toString(state.budgetLimit - user.remaining));
    h.put("X-RateLimit-Reset", Long.toString(user.resetAt.getEpochSecond()));
    h.put("X-RateLimit-Resource", "core");
    return h;
  }

  private SimUser authenticate(String authorization) {
    if (authorization == null) return null;
    String a = authorization.trim();
    String token =
        a.regionMatches(true, 0, "Bearer ", 0, 7)
            ? a.substring(7).trim()
            : a.regionMatches(true, 0, "token ", 0, 6) ? a.substring(6).trim() : null;
    return token == null ? null : state.usersByToken.get(token);
  }
}
