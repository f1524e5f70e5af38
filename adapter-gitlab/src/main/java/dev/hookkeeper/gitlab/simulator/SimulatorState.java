package dev.hookkeeper.gitlab.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Everything {@link GitLabSimulator} knows. Every access holds this object's monitor. */
final class SimulatorState {
  final InstantSource clock;
  final Map<String, SimUser> usersByToken = new HashMap<>();

  /**
   * Old paths (lower case) of moved projects: GET by them answers 301, anything else 405
   * (provider-facts 4.6).
   */
  final Map<String, Long> movedFrom = new HashMap<>();

  /**
   * Times of the recent test requests (per project and user) and resends (per hook and user), for
   * the 5-a-minute limits.
   */
  final Map<String, java.util.Deque<java.time.Instant>> throttled = new HashMap<>();

  int budgetLimit = 2000;

  /** Requests refused with 429 because their token's budget was spent (not the forced limit). */
  int budgetRefusals;

  Duration budgetWindow = Duration.ofMinutes(1);
  Duration deliveryTimeout = Duration.ofSeconds(10);
  final Map<Long, SimProject> projects = new LinkedHashMap<>();

  /**
   * OAuth applications by client id; codes and refresh tokens by value; OAuth access tokens'
   * expiry.
   */
  final Map<String, SimOAuthApp> oauthApps = new LinkedHashMap<>();

  final Map<String, SimOAuthGrant> oauthCodes = new HashMap<>();
  final Map<String, SimOAuthGrant> refreshTokens = new HashMap<>();
  final Map<String, java.time.Instant> tokenExpiry = new HashMap<>();

  /** Access tokens a refresh replaced: GitLab answers them "Token was revoked". */
  final java.util.Set<String> revokedTokens = new java.util.HashSet<>();

  /** Who is signed in to the simulated GitLab in the browser. */
  String browserUser;

  String version = "17.11.0";
  boolean outage;

  /**
   * The hook workers are down: events happen (pipelines are listed), no hook delivery is attempted
   * or logged.
   */
  boolean webhooksDown;

  /** Set: the next API request is answered 429 with this Retry-After. */
  Duration rateLimitNext;

  int hookLimit = 100;
  long nextUserId = 1;
  long nextProjectId = 1;
  long nextHookId = 1;
  long nextEventId = 1;
  long nextPipelineId = 1000;
  long nextJobId = 50_000;

  SimulatorState(InstantSource clock) {
    this.clock = clock;
  }

  /**
   * By numeric id or (URL-decoded, case-insensitive) path, as GitLab's {@code :id} accepts both.
   */
  SimProject project(String idOrPath) {
    String decoded = URLDecoder.decode(idOrPath, StandardCharsets.UTF_8);
    if (decoded.matches("[0-9]+")) return projects.get(Long.parseLong(decoded));
    for (SimProject p : projects.values()) {
      if (p.path.toLowerCase(Locale.ROOT).equals(decoded.toLowerCase(Locale.ROOT))) return p;
    }
    return null;
  }

  SimProject requireProject(String path) {
    SimProject p = project(path);
    if (p == null) throw new IllegalArgumentException("no simulated project " + path);
    return p;
  }

  /** GitLab hides projects a user may not see behind 404; public ones everyone sees. */
  boolean canSee(SimProject p, SimUser user) {
    return "public".equals(p.visibility) || p.members.containsKey(user.username());
  }

  int accessLevel(SimProject p, SimUser user) {
    return p.members.getOrDefault(user.username(), 0);
  }

  /**
   * Counts one more call of a throttled endpoint under {@code key}; false when 5 were made in the
   * last minute (GitLab's test and resend limits, provider-facts 2.1, 2.3).
   */
  boolean withinFivePerMinute(String key) {
    java.time.Instant now = clock.instant();
    java.util.Deque<java.time.Instant> recent =
        throttled.computeIfAbsent(key, k -> new java.util.ArrayDeque<>());
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(Duration.ofMinutes(1))))
      recent.pollFirst();
    if (recent.size() >= 5) return false;
    recent.addLast(now);
    return true;
  }

  boolean supports(SimVersion since) {
    SimVersion v = SimVersion.parse(version);
    return v != null && v.atLeast(since);
  }
}
