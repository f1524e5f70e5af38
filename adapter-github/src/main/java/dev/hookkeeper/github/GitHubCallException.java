package dev.hookkeeper.github;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.ProviderFailure;
import java.time.Instant;

/**
 * Internal short-cut out of a multi-request operation; every public method of the client turns it
 * into a {@code ProviderResult.Failed}, so it never crosses the port.
 */
final class GitHubCallException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient ProviderFailure failure;

  GitHubCallException(ProviderFailure failure) {
    super(failure.reason().code() + ": " + failure.message(), null, false, false);
    this.failure = failure;
  }

  GitHubCallException(FailureReason reason, String message) {
    this(new ProviderFailure(reason, message, null));
  }

  static GitHubCallException rateLimited(String message, Instant retryAt) {
    return new GitHubCallException(new ProviderFailure(FailureReason.RATE_LIMITED, message, retryAt));
  }

  ProviderFailure failure() {
    return failure;
  }
}
