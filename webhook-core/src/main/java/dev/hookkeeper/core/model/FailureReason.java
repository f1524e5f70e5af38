package dev.hookkeeper.core.model;

import java.util.Locale;

/** Machine-readable reasons a provider call failed; {@link #code()} is what the API shows. */
public enum FailureReason {
  /**
   * The provider does not accept the token at all (401): revoked, or never valid. GitHub also
   * answers an expired token this way ({@code "Bad credentials"}); only a new token helps.
   */
  TOKEN_INVALID,
  /**
   * The provider says the token expired (GitLab 401 {@code invalid_token} "Token is expired"); a
   * refresh may help.
   */
  TOKEN_EXPIRED,
  TOKEN_MISSING,
  /**
   * The token is accepted but lacks an OAuth scope the call needs (GitHub: {@code X-OAuth-Scopes}
   * holds none of {@code X-Accepted-OAuth-Scopes}; GitLab: 403 {@code insufficient_scope}). The
   * user must grant the scope again; another user's token may still work.
   */
  TOKEN_SCOPE_MISSING,
  /**
   * The token's user may not do this (not an admin / maintainer, or GitHub hid it behind a 404 it
   * explained).
   */
  INSUFFICIENT_PERMISSIONS,
  REPOSITORY_NOT_FOUND,
  HOOK_NOT_FOUND,
  /**
   * The hook exists but the provider no longer has (or never had) this delivery in its log
   * (retention ended).
   */
  DELIVERY_NOT_FOUND,
  /** The repository has no such workflow run / pipeline (or the token cannot see it). */
  RUN_NOT_FOUND,
  HOOK_ALREADY_EXISTS,
  HOOK_LIMIT_REACHED,
  HOOK_DISABLED_BY_PROVIDER,
  HOOK_DELETED_BY_PROVIDER,
  INVALID_HOOK_CONFIG,
  RATE_LIMITED,
  PROVIDER_UNAVAILABLE,
  UNSUPPORTED_BY_PROVIDER,
  /**
   * A hook's reason, not a call's: the token that managed the hook no longer works (revoked,
   * expired without a refresh) and no other connected user's token could take over.
   */
  TOKEN_REVOKED,
  /**
   * A hook's reason: the managing token lost a scope the hook needs and no other token could take
   * over.
   */
  TOKEN_SCOPE_LOST,
  /** A hook's reason: the provider reports that its latest deliveries to us failed. */
  DELIVERIES_FAILING,
  /**
   * A hook's reason: the provider shows activity (runs) but no delivery has arrived for a long
   * time.
   */
  DELIVERIES_MISSING;

  /** snake_case, e.g. {@code hook_limit_reached}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Worth trying again later without anything changing on the user's side. */
  public boolean isTransient() {
    return this == RATE_LIMITED || this == PROVIDER_UNAVAILABLE;
  }

  /**
   * The token itself is the problem (not the repository or the hook): another user's token may
   * work.
   */
  public boolean isTokenProblem() {
    return this == TOKEN_INVALID || this == TOKEN_EXPIRED || this == TOKEN_SCOPE_MISSING;
  }
}
