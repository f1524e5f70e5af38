package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.port.HookCleanupQueue;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.ProviderHooksApi.DeleteOutcome;
import dev.hookkeeper.core.port.TokenVault;
import dev.hookkeeper.core.port.TransactionRunner;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt at a queued hook deletion, with exponential backoff when the provider says no.
 *
 * <p>The attempt claims its cleanup for the whole attempt, provider call included, in one
 * transaction: an adoption of the same provider hook cancels its cleanup in a transaction of its
 * own, which therefore waits for the attempt to end and then finds nothing to cancel (the hook is
 * gone, and the adopter creates a new one) or a cleanup still queued (which it removes). And a hook
 * that a current row names is never deleted: it was adopted after the cleanup was queued. The price
 * is a database connection held for one provider call (bounded by the client's timeouts); cleanups
 * are rare.
 */
public final class HookCleaner {
  static final Duration FIRST_RETRY = Duration.ofMinutes(1);
  static final Duration MAX_RETRY = Duration.ofHours(6);

  private final TokenVault tokens;
  private final HookStore hooks;
  private final HookCleanupQueue cleanups;
  private final TransactionRunner tx;
  private final InstantSource clock;
  private final Providers providers;

  public HookCleaner(
      TokenVault tokens,
      HookStore hooks,
      HookCleanupQueue cleanups,
      TransactionRunner tx,
      InstantSource clock,
      Providers providers) {
    this.tokens = Objects.requireNonNull(tokens, "tokens == null");
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
    this.cleanups = Objects.requireNonNull(cleanups, "cleanups == null");
    this.tx = Objects.requireNonNull(tx, "tx == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
  }

  CleanupOutcome attempt(HookCleanup queued) {
    return tx.inTransaction(
        () -> {
          Optional<HookCleanup> claimed = cleanups.claim(queued.id());
          if (claimed.isEmpty()) return CleanupOutcome.NOT_OWED;
          HookCleanup cleanup = claimed.get();
          if (hooks
              .findByProviderHookId(cleanup.provider(), cleanup.providerHookId())
              .isPresent()) {
            cleanups.complete(cleanup.id());
            return CleanupOutcome.NOT_OWED;
          }
          return delete(cleanup);
        });
  }

  private CleanupOutcome delete(HookCleanup cleanup) {
    Optional<ProviderCredential> credential = tokens.find(cleanup.tokenOwner(), cleanup.provider());
    if (credential.isEmpty()) {
      reschedule(cleanup, "token_missing: the user has no token for " + cleanup.provider().id());
      return CleanupOutcome.RETRY_LATER;
    }
    ProviderResult<DeleteOutcome> deleted =
        providers
            .requireApi(cleanup.provider())
            .deleteHook(
                credential.get().accessToken(),
                new ProviderRepoRef(cleanup.providerRepoId(), cleanup.repositoryFullName()),
                cleanup.providerHookId());
    if (deleted.isOk()) {
      cleanups.complete(cleanup.id());
      return CleanupOutcome.DELETED;
    }
    reschedule(cleanup, deleted.failure().reason().code() + ": " + deleted.failure().message());
    return CleanupOutcome.RETRY_LATER;
  }

  private void reschedule(HookCleanup cleanup, String error) {
    int attempts = cleanup.attempts() + 1;
    Instant next = clock.instant().plus(backoff(attempts));
    cleanups.reschedule(cleanup.id(), attempts, next, error);
  }

  static Duration backoff(int attempts) {
    int doublings = Math.min(attempts - 1, 20);
    Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
    return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
  }
}
