package dev.hookkeeper.core.model;

import java.util.Objects;

/** A repository as the provider describes it to one caller. */
public record ProviderRepository(
    Provider provider,
    long providerRepoId,
    String fullName,
    String defaultBranch,
    boolean privateRepo,
    AccessLevel callerAccess) {
  public ProviderRepository {
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(fullName, "fullName == null");
    Objects.requireNonNull(defaultBranch, "defaultBranch == null");
    Objects.requireNonNull(callerAccess, "callerAccess == null");
    if (providerRepoId <= 0) throw new IllegalArgumentException("'providerRepoId' must be positive");
  }
}
