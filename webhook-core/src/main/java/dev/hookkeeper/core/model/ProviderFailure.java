package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a provider call failed.
 *
 * @param message human-readable detail from the provider (never contains a credential)
 * @param retryAt when the provider said we may try again (rate limits); {@code null} if it did not
 */
public record ProviderFailure(FailureReason reason, String message, Instant retryAt) {
  public ProviderFailure {
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(message, "message == null");
  }

  public static ProviderFailure of(FailureReason reason, String message) {
    return new ProviderFailure(reason, message, null);
  }
}
