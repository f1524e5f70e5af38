package dev.hookkeeper.core.model;

import java.util.Locale;

/**
 * Lifecycle of a repository's provider hook (the state diagram and what moves it: {@code
 * docs/architecture.md}, "Hook lifecycle").
 */
public enum HookStatus {
  /** Stored (and perhaps created at the provider); no authentic delivery has arrived yet. */
  PENDING,
  /** An authentic delivery (usually the ping) arrived: the provider reaches us and we verify it. */
  ACTIVE,
  /**
   * The provider deleted or disabled the hook; deliveries that still arrive are verified and
   * stored.
   */
  INACTIVE,
  /** Creation failed; {@link FailureReason} says why and the creation can be retried. */
  FAILED,
  /**
   * The hook exists but something keeps it from working as it should, {@link FailureReason} says
   * what: nobody's token can manage it any more ({@code TOKEN_REVOKED}, {@code TOKEN_SCOPE_LOST},
   * {@code INSUFFICIENT_PERMISSIONS}), or the provider reports failing or missing deliveries
   * ({@code DELIVERIES_FAILING}, {@code DELIVERIES_MISSING}). Deliveries that arrive are still
   * verified and stored; the reconciler repairs what it can.
   */
  DEGRADED,
  /**
   * The repository is archived at the provider: nothing new happens there; deliveries are still
   * accepted.
   */
  ARCHIVED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
