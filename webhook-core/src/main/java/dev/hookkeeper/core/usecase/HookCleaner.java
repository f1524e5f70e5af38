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

/**
 * One attempt at a queued hook deletion, with exponential backoff when the provider says no.
 *
 * <p>The attempt claims its cleanup for the whole attempt, provider call included, in one
 * transaction: an adoption of the same provider hook cancels its cleanup in a transaction of its
 * own, which therefore waits for the attempt to end and then finds nothing to cancel (the hook is
 * gone, and the adopter creates a new one) or a cleanup still queued (which it removes). And a
 * hook that a current row names is never deleted: it was adopted after the cleanup was queued.
 * The price is a database connection held for one provider call (bounded by the client's
 * timeouts); cleanups are rare.
 */
final class HookCleaner {
  static final Duration FIRST_RETRY = Duration.ofMinutes(1);
  static final Duration MAX_RETRY = Duration.ofHours(6);

  private final Ports ports;
  private final Providers providers;

  HookCleaner(Ports ports, Providers providers) {
    this.ports = ports;
    this.providers = providers;
  }

  CleanupOutcome attempt(HookCleanup queued) {
    return ports.tx().inTransaction(() -> {
      Optional<HookCleanup> claimed = ports.cleanups().claim(queued.id());
      if (claimed.isEmpty()) return CleanupOutcome.NOT_OWED;
      HookCleanup cleanup = claimed.get();
      if (ports.hooks().findByProviderHookId(cleanup.provider(), cleanup.providerHookId()).isPresent()) {
        ports.cleanups().complete(cleanup.id());
        return CleanupOutcome.NOT_OWED;
      }
      return delete(cleanup);
    });
  }

  private CleanupOutcome delete(HookCleanup cleanup) {
    Optional<ProviderCredential> credential = ports.tokens().find(cleanup.tokenOwner(), cleanup.provider());
    if (credential.isEmpty()) {
      reschedule(cleanup, "token_missing: the user has no token for " + cleanup.provider().id());
      return CleanupOutcome.RETRY_LATER;
    }
    ProviderResult<DeleteOutcome> deleted = providers.requireApi(cleanup.provider()).deleteHook(
        credential.get().accessToken(),
        new ProviderRepoRef(cleanup.providerRepoId(), cleanup.repositoryFullName()),
        cleanup.providerHookId());
    if (deleted.isOk()) {
      ports.cleanups().complete(cleanup.id());
      return CleanupOutcome.DELETED;
    }
    reschedule(cleanup, deleted.failure().reason().code() + ": " + deleted.failure().message());
    return CleanupOutcome.RETRY_LATER;
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
