package dev.hookkeeper.github;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Classic OAuth scopes as GitHub reports them in {@code X-OAuth-Scopes} (what the token has) and
 * {@code X-Accepted-OAuth-Scopes} (what the endpoint accepts). Fine-grained tokens send no {@code
 * X-OAuth-Scopes} header at all; then nothing can be concluded from scopes.
 */
final class OAuthScopes {
  /** A broader scope grants the narrower ones (docs "scopes-for-oauth-apps"). */
  private static final Map<String, List<String>> IMPLIES =
      Map.of(
          "repo", List.of("public_repo", "repo:status", "repo_deployment", "repo:invite", "security_events"),
          "admin:repo_hook", List.of("write:repo_hook", "read:repo_hook"),
          "write:repo_hook", List.of("read:repo_hook"));

  private OAuthScopes() {}

  /** {@code null} for a missing header (fine-grained token or GitHub App), else the scopes (maybe none). */
  static Set<String> parse(String header) {
    if (header == null) return null;
    Set<String> scopes = new LinkedHashSet<>();
    for (String s : header.split(",")) {
      String trimmed = s.trim();
      if (!trimmed.isEmpty()) scopes.add(trimmed);
    }
    return scopes;
  }

  static Set<String> expand(Collection<String> granted) {
    Set<String> all = new LinkedHashSet<>(granted);
    for (String s : granted) all.addAll(IMPLIES.getOrDefault(s, List.of()));
    return all;
  }

  /**
   * True when a classic token's scopes satisfy none of the endpoint's accepted scopes. False when
   * either header is missing or empty: then scopes are not the explanation.
   */
  static boolean lacksAcceptedScope(ApiResponse response) {
    Set<String> granted = parse(response.header("X-OAuth-Scopes"));
    Set<String> accepted = parse(response.header("X-Accepted-OAuth-Scopes"));
    if (granted == null || accepted == null || accepted.isEmpty()) return false;
    for (String s : expand(granted)) {
      if (accepted.contains(s)) return false;
    }
    return true;
  }

  /** Whether a classic token may create, ping and delete hooks on a repository of this visibility. */
  static boolean canManageHooks(Set<String> granted, boolean privateRepo) {
    Set<String> all = expand(granted);
    return all.contains("admin:repo_hook") || all.contains("repo") || (!privateRepo && all.contains("public_repo"));
  }

  static List<String> asList(Set<String> scopes) {
    return scopes == null ? List.of() : new ArrayList<>(scopes);
  }
}
