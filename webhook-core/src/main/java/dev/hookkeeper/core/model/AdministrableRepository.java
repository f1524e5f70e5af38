package dev.hookkeeper.core.model;

import java.util.Objects;

/**
 * A repository (GitHub) or project (GitLab) whose webhooks the token's user may manage: GitHub
 * {@code permissions.admin}, GitLab Maintainer or Owner.
 *
 * @param description {@code ""} when it has none
 */
public record AdministrableRepository(Provider provider, long providerRepoId, String fullName, boolean privateRepo,
    String webUrl, String description) {
  public AdministrableRepository {
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(fullName, "fullName == null");
    Objects.requireNonNull(webUrl, "webUrl == null");
    Objects.requireNonNull(description, "description == null");
    if (providerRepoId <= 0) throw new IllegalArgumentException("'providerRepoId' must be positive");
  }
}
