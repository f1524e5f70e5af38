package dev.hookkeeper.github.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated GitHub's data: repositories, users with their tokens and roles, hooks (with the
 * secret GitHub would hold) and the deliveries made to them. Every access goes through this
 * object's monitor; HTTP and delivery code never hold it while doing I/O.
 */
final class SimState {
  static final int HOOKS_PER_EVENT = 20;

  static final class Repo {
    final long id;
    String fullName;
    final boolean privateRepo;
    final String defaultBranch;
    final Map<Long, Hook> hooks = new LinkedHashMap<>();

    Repo(long id, String fullName, boolean privateRepo, String defaultBranch) {
      this.id = id;
      this.fullName = fullName;
      this.privateRepo = privateRepo;
      this.defaultBranch = defaultBranch;
    }
  }

  static final class User {
    final long id;
    final String login;
    final String token;
    /** {@code null} for a fine-grained token, which GitHub answers without X-OAuth-Scopes. */
    final Set<String> scopes;
    final Map<Long, GitHubSimulator.Role> roles = new LinkedHashMap<>();
    int remaining = 5000;

    User(long id, String login, String token, Set<String> scopes) {
      this.id = id;
      this.login = login;
      this.token = token;
      this.scopes = scopes;
    }
  }

  static final class Hook {
    final long id;
    final long repoId;
    String url;
    List<String> events;
    boolean active;
    String contentType;
    String insecureSsl;
    /** {@code null} when the hook has no secret (GitHub then sends no signature headers). */
    String secret;
    final Instant createdAt;
    Instant updatedAt;
    Integer lastCode;
    String lastStatus = "unused";
    String lastMessage;
    final List<Delivery> deliveries = new ArrayList<>();

    Hook(long id, long repoId, Instant createdAt) {
      this.id = id;
      this.repoId = repoId;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
    }

    boolean subscribes(String event) {
      return event.equals("ping") || events.contains(event) || events.contains("*");
    }

    GitHubSimulator.SimulatedHook view(String repoFullName) {
      return new GitHubSimulator.SimulatedHook(id, repoFullName, url, List.copyOf(events), active, contentType, insecureSsl, secret);
    }
  }

  /** One delivery attempt: what was sent and what came back. */
  static final class Delivery {
    final long id;
    final String guid;
    final long hookId;
    final long repoId;
    final String event;
    final String action;
    final boolean redelivery;
    final String url;
    final Map<String, String> requestHeaders;
    final byte[] payload;
    final Instant deliveredAt;
    final int statusCode;
    final String status;
    final double durationSeconds;
    final String responseBody;

    Delivery(long id, String guid, long hookId, long repoId, String event, String action, boolean redelivery, String url,
        Map<String, String> requestHeaders, byte[] payload, Instant deliveredAt, int statusCode, String status,
        double durationSeconds, String responseBody) {
      this.id = id;
      this.guid = guid;
      this.hookId = hookId;
      this.repoId = repoId;
      this.event = event;
      this.action = action;
      this.redelivery = redelivery;
      this.url = url;
      this.requestHeaders = requestHeaders;
      this.payload = payload;
      this.deliveredAt = deliveredAt;
      this.statusCode = statusCode;
      this.status = status;
      this.durationSeconds = durationSeconds;
      this.responseBody = responseBody;
    }

    boolean success() {
      return statusCode >= 200 && statusCode < 400;
    }

    GitHubSimulator.SimulatedDelivery view() {
      return new GitHubSimulator.SimulatedDelivery(id, guid, hookId, event, action, redelivery, statusCode, status, deliveredAt);
    }
  }

  final Map<Long, Repo> repos = new LinkedHashMap<>();
  /** Old full names (lower case) of renamed repositories, to answer them with redirects. */
  final Map<String, Long> renamed = new LinkedHashMap<>();
  final Map<String, User> usersByToken = new LinkedHashMap<>();
  final AtomicLong hookIds = new AtomicLong(400_000_000L);
  final AtomicLong deliveryIds = new AtomicLong(90_000_000_000L);
  private long userIds = 1000;
  boolean down;
  int rateLimitedRequests;

  Repo repoByName(String fullName) {
    for (Repo r : repos.values()) {
      if (r.fullName.equalsIgnoreCase(fullName)) return r;
    }
    return null;
  }

  Repo repoOrThrow(String fullName) {
    Repo r = repoByName(fullName);
    if (r == null) throw new IllegalArgumentException("no simulated repository " + fullName);
    return r;
  }

  User addUser(String login, String token, List<String> scopes) {
    Set<String> s = scopes == null ? null : new LinkedHashSet<>(scopes);
    User u = new User(++userIds, login, token, s);
    usersByToken.put(token, u);
    return u;
  }

  User userByLogin(String login) {
    for (User u : usersByToken.values()) {
      if (u.login.equals(login)) return u;
    }
    throw new IllegalArgumentException("no simulated user " + login);
  }

  /** Whether the user may see the repository at all (else GitHub answers 404). */
  static boolean canSee(User u, Repo r) {
    if (!r.privateRepo) return true;
    if (!u.roles.containsKey(r.id)) return false;
    return u.scopes == null || expand(u.scopes).contains("repo");
  }

  /** Whether a classic token's scopes include one of {@code accepted} for this repository. */
  static boolean scopesAllow(User u, Repo r, Set<String> accepted) {
    if (u.scopes == null) return true;
    for (String s : expand(u.scopes)) {
      if (!accepted.contains(s)) continue;
      if (s.equals("public_repo") && r != null && r.privateRepo) continue;
      return true;
    }
    return false;
  }

  private static Set<String> expand(Set<String> scopes) {
    Set<String> all = new LinkedHashSet<>(scopes);
    if (scopes.contains("repo")) all.add("public_repo");
    if (scopes.contains("admin:repo_hook")) all.add("write:repo_hook");
    if (scopes.contains("admin:repo_hook") || scopes.contains("write:repo_hook")) all.add("read:repo_hook");
    return all;
  }

  /** GitHub's 422 messages for hooks over the per-event limit, or an empty list. */
  static List<String> limitErrors(Repo r, List<String> events, Long exceptHookId) {
    List<String> errors = new ArrayList<>();
    for (String event : new LinkedHashSet<>(events)) {
      long count = r.hooks.values().stream()
          .filter(h -> exceptHookId == null || h.id != exceptHookId)
          .filter(h -> h.events.contains(event)).count();
      if (count >= HOOKS_PER_EVENT) errors.add("The \"" + event + "\" event cannot have more than " + HOOKS_PER_EVENT + " hooks");
    }
    return errors;
  }

  /** Same config URL and overlapping events: GitHub's "Hook already exists on this repository". */
  static boolean duplicates(Repo r, String url, List<String> events) {
    for (Hook h : r.hooks.values()) {
      if (!h.url.equals(url)) continue;
      for (String e : events) {
        if (h.events.contains(e) || h.events.contains("*") || e.equals("*")) return true;
      }
    }
    return false;
  }

  static String normaliseContentType(String contentType) {
    return contentType == null ? "form" : contentType.toLowerCase(Locale.ROOT);
  }
}
