package dev.hookkeeper.core.model;

import java.util.Locale;

/** Lifecycle of a repository's provider hook. */
public enum HookStatus {
  /** Stored (and perhaps created at the provider); no authentic delivery has arrived yet. */
  PENDING,
  /** An authentic delivery (usually the ping) arrived: the provider reaches us and we verify it. */
  ACTIVE,
  /** The provider deleted or disabled the hook; deliveries that still arrive are verified and stored. */
  INACTIVE,
  /** Creation failed; {@link FailureReason} says why and the creation can be retried. */
  FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
