package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A repository (GitHub) or project (GitLab), identified by the provider's stable numeric id:
 * {@code fullName} changes on rename and transfer, {@code providerRepoId} never does.
 */
public record Repository(
    RepositoryId id,
    Provider provider,
    long providerRepoId,
    String fullName,
    String defaultBranch,
    boolean privateRepo,
    Instant createdAt) {
  public Repository {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(fullName, "fullName == null");
    Objects.requireNonNull(defaultBranch, "defaultBranch == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    if (providerRepoId <= 0) throw new IllegalArgumentException("'providerRepoId' must be positive");
  }

  public Repository withFullName(String newFullName) {
    return new Repository(id, provider, providerRepoId, newFullName, defaultBranch, privateRepo, createdAt);
  }
}
