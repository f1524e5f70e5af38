package dev.hookkeeper.github.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated GitHub's data: repositories, users with their tokens, roles and budgets, hooks and
 * their delivery logs, runs. Every access goes through this object's monitor; HTTP and delivery
 * code never hold it while doing I/O.
 */
final class SimState {
  /**
   * Every API request answered, as "METHOD path status", oldest first (what tests count calls by).
   */
  final java.util.List<String> journal = new java.util.ArrayList<>();

  static final int HOOKS_PER_EVENT = 20;

  /**
   * GitHub.com keeps deliveries for 3 days (docs variable {@code webhooks.retention},
   * provider-facts 4.5).
   */
  static final Duration DELIVERY_RETENTION = Duration.ofDays(3);

  final InstantSource clock;
  final Map<Long, SimRepo> repos = new LinkedHashMap<>();

  /** Old full names (lower case) of renamed repositories, to answer them with redirects. */
  final Map<String, Long> renamed = new LinkedHashMap<>();

  final Map<String, SimUser> usersByToken = new LinkedHashMap<>();

  /**
   * GitHub's webhook service is down: events happen, runs are listed, no delivery is attempted or
   * logged.
   */
  boolean webhooksDown;

  /**
   * Each person's first token, kept when tokens are revoked: a new token of theirs is still them.
   */
  final Map<String, SimUser> people = new LinkedHashMap<>();

  final AtomicLong hookIds = new AtomicLong(400_000_000L);
  final AtomicLong deliveryIds = new AtomicLong(90_000_000_000L);
  final AtomicLong runIds = new AtomicLong(7_000_000_000L);
  final AtomicLong jobIds = new AtomicLong(20_000_000_000L);
  private long userIds = 1000;
  boolean down;
  int rateLimitedRequests;

  /** Set: the next request gets a secondary rate limit answer with this Retry-After. */
  Duration secondaryLimitNext;

  int budgetLimit = 5000;

  /** Requests refused because their token's budget was spent (not the forced limits above). */
  int budgetRefusals;

  Duration budgetWindow = Duration.ofHours(1);
  Duration deliveryTimeout = Duration.ofSeconds(10);

  /**
   * OAuth Apps by client id, authorization codes by code, and who is signed in to the simulated
   * github.com.
   */
  final Map<String, SimOAuthApp> oauthApps = new LinkedHashMap<>();

  final Map<String, SimOAuthCode> oauthCodes = new LinkedHashMap<>();
  String browserLogin;

  SimState(InstantSource clock) {
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  SimRepo repoByName(String fullName) {
    for (SimRepo r : repos.values()) {
      if (r.fullName.equalsIgnoreCase(fullName)) return r;
    }
    return null;
  }

  SimRepo repoOrThrow(String fullName) {
    SimRepo r = repoByName(fullName);
    if (r == null) throw new IllegalArgumentException("no simulated repository " + fullName);
    return r;
  }

  /** A token of {@code login}: a new user, or another token of the person with that login. */
  SimUser addUser(String login, String token, List<String> scopes) {
    Set<String> granted = scopes == null ? null : new LinkedHashSet<>(scopes);
    SimUser person = people.get(login);
    SimUser u =
        person == null
            ? new SimUser(++userIds, login, token, granted)
            : new SimUser(person, token, granted);
    usersByToken.put(token, u);
    people.putIfAbsent(login, u);
    return u;
  }

  /** The person's first token (their id and roles are every token's), revoked or not. */
  SimUser userByLogin(String login) {
    SimUser u = people.get(login);
    if (u == null) throw new IllegalArgumentException("no simulated user " + login);
    return u;
  }

  /** GitHub's 422 messages for hooks over the per-event limit, or an empty list. */
  static List<String> limitErrors(SimRepo r, List<String> events, Long exceptHookId) {
    List<String> errors = new java.util.ArrayList<>();
    for (String event : new LinkedHashSet<>(events)) {
      long count =
          r.hooks.values().stream()
              .filter(h -> exceptHookId == null || h.id != exceptHookId)
              .filter(h -> h.events.contains(event))
              .count();
      if (count >= HOOKS_PER_EVENT)
        errors.add(
            "The \"" + event + "\" event cannot have more than " + HOOKS_PER_EVENT + " hooks");
    }
    return errors;
  }

  /** Same config URL and overlapping events: GitHub's "Hook already exists on this repository". */
  static boolean duplicates(SimRepo r, String url, List<String> events) {
    for (SimHook h : r.hooks.values()) {
      if (!h.url.equals(url)) continue;
      for (String e : events) {
        if (h.events.contains(e) || h.events.contains("*") || e.equals("*")) return true;
      }
    }
    return false;
  }

  /** The hook's attempts still within the retention, newest first. */
  List<SimDelivery> retained(SimHook hook) {
    Instant oldest = now().minus(DELIVERY_RETENTION);
    List<SimDelivery> out = new java.util.ArrayList<>();
    for (int i = hook.deliveries.size() - 1; i >= 0; i--) {
      SimDelivery d = hook.deliveries.get(i);
      if (!d.deliveredAt().isBefore(oldest)) out.add(d);
    }
    return out;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
