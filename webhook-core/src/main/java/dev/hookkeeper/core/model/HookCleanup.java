package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A provider hook whose deletion failed on disconnect and is retried until the provider deletes
 * it or says it is gone. Self-contained: the repository and hook rows may be long gone.
 *
 * @param tokenOwner the user whose provider token is used for the deletion
 * @param lastError {@code null} before the first retry
 */
public record HookCleanup(
    String id,
    Provider provider,
    UserId tokenOwner,
    long providerRepoId,
    String repositoryFullName,
    String providerHookId,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant createdAt) {
  public HookCleanup {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(tokenOwner, "tokenOwner == null");
    Objects.requireNonNull(repositoryFullName, "repositoryFullName == null");
    Objects.requireNonNull(providerHookId, "providerHookId == null");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
  }
}
