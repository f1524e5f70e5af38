package dev.hookkeeper.gitlab.simulator;

import java.time.Instant;
import java.util.Set;

/** A user of the simulated GitLab with one access token. Guarded by the state lock. */
final class SimUser {
  private final long id;
  private final String username;
  /** {@code api}, {@code read_api}, … (provider-facts 2.1, 4.2). */
  Set<String> scopes;
  boolean revoked;
  boolean expired;
  /** The authenticated API budget: what is left in this window, and when it refills. */
  int remaining;
  Instant resetAt;

  SimUser(long id, String username, Set<String> scopes) {
    this.id = id;
    this.username = username;
    this.scopes = scopes;
  }

  long id() {
    return id;
  }

  String username() {
    return username;
  }

  /** {@code api} reads and writes; {@code read_api} only reads. */
  boolean mayWrite() {
    return scopes.contains("api");
  }
}
