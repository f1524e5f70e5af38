package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.port.ProviderHooksApi.DeleteOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One attempt at a queued hook deletion, with exponential backoff when the provider says no. */
final class HookCleaner {
  static final Duration FIRST_RETRY = Duration.ofMinutes(1);
  static final Duration MAX_RETRY = Duration.ofHours(6);

  private final Ports ports;
  private final Providers providers;

  HookCleaner(Ports ports, Providers providers) {
    this.ports = ports;
    this.providers = providers;
  }

  /** Returns whether the hook is gone (and the cleanup completed). */
  boolean attempt(HookCleanup cleanup) {
    Optional<ProviderCredential> credential = ports.tokens().find(cleanup.tokenOwner(), cleanup.provider());
    if (credential.isEmpty()) {
      reschedule(cleanup, "token_missing: the user has no token for " + cleanup.provider().id());
      return false;
    }
    ProviderResult<DeleteOutcome> deleted = providers.requireApi(cleanup.provider()).deleteHook(
        credential.get().accessToken(),
        new ProviderRepoRef(cleanup.providerRepoId(), cleanup.repositoryFullName()),
        cleanup.providerHookId());
    if (deleted.isOk()) {
      ports.cleanups().complete(cleanup.id());
      return true;
    }
    reschedule(cleanup, deleted.failure().reason().code() + ": " + deleted.failure().message());
    return false;
  }

  private void reschedule(HookCleanup cleanup, String error) {
    int attempts = cleanup.attempts() + 1;
    Instant next = ports.clock().instant().plus(backoff(attempts));
    ports.cleanups().reschedule(cleanup.id(), attempts, next, error);
  }

  static Duration backoff(int attempts) {
    int doublings = Math.min(attempts - 1, 20);
    Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
    return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
  }
}
