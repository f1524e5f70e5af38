package dev.hookkeeper.github.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One token of a user of the simulated GitHub. A person's tokens share the user's id and roles
 * (what the person may do in a repository), each with its own scopes. Guarded by the {@link
 * SimState} lock.
 */
final class SimUser {
  final long id;
  final String login;
  final String token;

  /** {@code null} for a fine-grained token, which GitHub answers without X-OAuth-Scopes. */
  Set<String> scopes;

  /** Shared by every token of the person. */
  final Map<Long, GitHubSimulator.Role> roles;

  /** The primary rate limit: what is left of this token's hourly budget, and when it refills. */
  int remaining;

  Instant resetAt;

  SimUser(long id, String login, String token, Set<String> scopes) {
    this(id, login, token, scopes, new LinkedHashMap<>());
  }

  /** Another token of the same person: same id and roles. */
  SimUser(SimUser person, String token, Set<String> scopes) {
    this(person.id, person.login, token, scopes, person.roles);
  }

  private SimUser(
      long id,
      String login,
      String token,
      Set<String> scopes,
      Map<Long, GitHubSimulator.Role> roles) {
    this.id = id;
    this.login = login;
    this.token = token;
    this.scopes = scopes;
    this.roles = roles;
  }

  /** Whether the user may see the repository at all (else GitHub answers 404). */
  boolean canSee(SimRepo r) {
    if (!r.privateRepo) return true;
    if (!roles.containsKey(r.id)) return false;
    return scopes == null || expanded().contains("repo");
  }

  /** Whether a classic token's scopes include one of {@code accepted} for this repository. */
  boolean scopesAllow(SimRepo r, Set<String> accepted) {
    if (scopes == null) return true;
    for (String s : expanded()) {
      if (!accepted.contains(s)) continue;
      if (s.equals("public_repo") && r != null && r.privateRepo) continue;
      return true;
    }
    return false;
  }

  /**
   * GitHub's scope hierarchy: {@code repo} ⊃ {@code public_repo}, {@code admin:} ⊃ {@code write:} ⊃
   * {@code read:repo_hook}.
   */
  private Set<String> expanded() {
    Set<String> all = new LinkedHashSet<>(scopes);
    if (scopes.contains("repo")) all.add("public_repo");
    if (scopes.contains("admin:repo_hook")) all.add("write:repo_hook");
    if (scopes.contains("admin:repo_hook") || scopes.contains("write:repo_hook"))
      all.add("read:repo_hook");
    return all;
  }
}
