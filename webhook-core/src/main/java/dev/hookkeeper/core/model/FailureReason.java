package dev.hookkeeper.core.model;

import java.util.Locale;

/** Machine-readable reasons a provider call failed; {@link #code()} is what the API shows. */
public enum FailureReason {
  TOKEN_INVALID,
  TOKEN_MISSING,
  INSUFFICIENT_PERMISSIONS,
  REPOSITORY_NOT_FOUND,
  HOOK_NOT_FOUND,
  HOOK_ALREADY_EXISTS,
  HOOK_LIMIT_REACHED,
  HOOK_DISABLED_BY_PROVIDER,
  HOOK_DELETED_BY_PROVIDER,
  INVALID_HOOK_CONFIG,
  RATE_LIMITED,
  PROVIDER_UNAVAILABLE,
  UNSUPPORTED_BY_PROVIDER;

  /** snake_case, e.g. {@code hook_limit_reached}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Worth trying again later without anything changing on the user's side. */
  public boolean isTransient() {
    return this == RATE_LIMITED || this == PROVIDER_UNAVAILABLE;
  }
}
