package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryId;
import java.util.Optional;

/** Repositories, unique by (provider, provider repository id). */
public interface RepositoryStore {

  /**
   * Stores {@code candidate}, or, when (provider, providerRepoId) is already stored, refreshes that
   * row's full name, default branch and visibility and keeps its id. Returns the stored row.
   */
  Repository upsert(Repository candidate);

  Optional<Repository> find(RepositoryId id);

  Optional<Repository> findByProviderId(Provider provider, long providerRepoId);

  /** Records a rename or transfer. No-op for an unknown id. */
  void rename(RepositoryId id, String newFullName);
}
