package dev.hookkeeper.core.model;

import java.util.Objects;

/**
 * A repository as the provider describes it to one caller.
 *
 * @param fullName the current name ({@code owner/repo}, GitLab {@code path_with_namespace}); it follows
 *     renames and transfers, {@link #providerRepoId()} never changes
 * @param archived read-only at the provider (GitHub {@code archived}, GitLab {@code archived}); hooks
 *     of an archived repository still exist, but nothing new happens in it
 */
public record ProviderRepository(
    Provider provider,
    long providerRepoId,
    String fullName,
    String defaultBranch,
    boolean privateRepo,
    boolean archived,
    AccessLevel callerAccess) {
  public ProviderRepository {
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(fullName, "fullName == null");
    Objects.requireNonNull(defaultBranch, "defaultBranch == null");
    Objects.requireNonNull(callerAccess, "callerAccess == null");
    if (providerRepoId <= 0) throw new IllegalArgumentException("'providerRepoId' must be positive");
  }

  public ProviderRepoRef ref() {
    return new ProviderRepoRef(providerRepoId, fullName);
  }
}
