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
  record User(long id, String username) {}

  final InstantSource clock;
  final Map<String, User> usersByToken = new HashMap<>();
  final Map<Long, SimProject> projects = new LinkedHashMap<>();
  String version = "17.11.0";
  boolean outage;
  /** Set: the next API request is answered 429 with this Retry-After. */
  Duration rateLimitNext;
  int hookLimit = 100;
  long nextUserId = 1;
  long nextProjectId = 1;
  long nextHookId = 1;
  long nextEventId = 1;

  SimulatorState(InstantSource clock) {
    this.clock = clock;
  }

  /** By numeric id or (URL-decoded, case-insensitive) path, as GitLab's {@code :id} accepts both. */
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
  boolean canSee(SimProject p, User user) {
    return "public".equals(p.visibility) || p.members.containsKey(user.username());
  }

  int accessLevel(SimProject p, User user) {
    return p.members.getOrDefault(user.username(), 0);
  }

  boolean supports(SimVersion since) {
    SimVersion v = SimVersion.parse(version);
    return v != null && v.atLeast(since);
  }
}
