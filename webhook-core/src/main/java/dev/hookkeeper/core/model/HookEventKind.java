package dev.hookkeeper.core.model;

import java.util.Locale;

/**
 * What happened to a repository's hook, as its audit trail records it; {@link #wireName()} is the
 * API's {@code kind}.
 */
public enum HookEventKind {
  /** Created at the provider on connect (or a retry). */
  CREATED,
  /** The first authentic delivery arrived: the provider reaches us and we verify it. */
  ACTIVATED,
  /**
   * Drift put right (events, content type, a failing secret), management restored, the repository
   * renamed.
   */
  REPAIRED,
  /**
   * Missing at the provider (deleted by a person, or with a {@code meta} {@code deleted}) and
   * created anew.
   */
  RECREATED,
  /** Switched off or disabled by the provider, and switched on again. */
  REENABLED,
  /**
   * Pointed at another URL than ours (or ours changed: {@code WEBHOOK_BASE_URL}) and moved back in
   * place.
   */
  URL_UPDATED,
  /** A new secret, at the provider and here; the old one stays accepted for the grace period. */
  SECRET_ROTATED,
  /** Missed deliveries redelivered by the provider, or runs caught up from its API. */
  DELIVERIES_RECOVERED,
  /** The managing user's token was refused (revoked, expired, a scope or the role lost). */
  TOKEN_LOST,
  /** Another connected user's token manages the hook now. */
  HANDED_OVER,
  /** The hook works no more as it should; the reason says why. */
  DEGRADED,
  /** The hook is gone: the last connection ended, or the repository was deleted. */
  DELETED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
