package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable queue of provider hooks still to delete. An attempt {@linkplain #claim claims} its
 * cleanup inside a transaction for as long as it talks to the provider; {@link #cancel} waits for
 * such an attempt to end, so a hook being adopted is never deleted behind the adopter's back.
 */
public interface HookCleanupQueue {

  void enqueue(HookCleanup cleanup);

  /** Up to {@code limit} cleanups whose next attempt is due at {@code now}, oldest due first. */
  List<HookCleanup> due(Instant now, int limit);

  /**
   * The cleanup as stored now, locked until the caller's transaction ends in a store with row
   * locks; empty when it was completed or cancelled meanwhile.
   */
  Optional<HookCleanup> claim(String cleanupId);

  /**
   * Removes every queued cleanup of the provider hook (it is in use again), after waiting for an
   * attempt that has claimed one. Returns how many were removed.
   */
  int cancel(Provider provider, String providerHookId);

  /** The cleanups that need {@code tokenOwner}'s tokens, oldest first. */
  List<HookCleanup> listByTokenOwner(UserId tokenOwner);

  void complete(String cleanupId);

  void reschedule(String cleanupId, int attempts, Instant nextAttemptAt, String lastError);
}
