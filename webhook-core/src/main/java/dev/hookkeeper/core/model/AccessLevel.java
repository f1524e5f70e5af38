package dev.hookkeeper.core.model;

/**
 * What the caller's token may do on a repository, as the provider reports it (GitHub
 * {@code permissions}, GitLab access level). Managing hooks needs {@link #ADMIN} on GitHub and
 * Maintainer (mapped to {@link #ADMIN}) on GitLab.
 */
public enum AccessLevel {
  ADMIN,
  WRITE,
  READ,
  NONE,
  /** The provider did not say (e.g. a token without user context). */
  UNKNOWN;

  public boolean canManageHooks() {
    return this == ADMIN;
  }
}
