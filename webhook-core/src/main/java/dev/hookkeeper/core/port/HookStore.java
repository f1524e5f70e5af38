package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RepositoryId;
import java.time.Instant;
import java.util.Optional;

/** Repository hooks: at most one per repository, unique by provider hook id and by token hash. */
public interface HookStore {

  /**
   * Stores {@code hook} unless its repository already has one. Race-free: of two concurrent
   * callers for one repository exactly one gets {@code true}.
   */
  boolean insertIfAbsent(RepositoryHook hook);

  /** Replaces the stored hook with the same id. */
  void update(RepositoryHook hook);

  /**
   * Sets status and reason only, leaving every other column alone (an ingest marking a hook
   * active must not overwrite a concurrent update of its secret). Returns whether the status
   * changed.
   */
  boolean updateStatus(HookId id, HookStatus status, FailureReason reason, String message, Instant at);

  /**
   * Moves {@code lastDeliveryAt} forward to {@code at}; never backwards. A store with row locks
   * locks the hook's row until the transaction ends even when nothing moves: ingest relies on it
   * to apply one batch's effects after the other's.
   */
  void markDelivered(HookId id, Instant at);

  Optional<RepositoryHook> find(HookId id);

  Optional<RepositoryHook> findByRepository(RepositoryId repositoryId);

  Optional<RepositoryHook> findByProviderHookId(Provider provider, String providerHookId);

  Optional<RepositoryHook> findByTokenHash(Provider provider, String tokenLookupHash);

  void delete(HookId id);
}
