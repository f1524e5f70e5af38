package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;

/**
 * A repository's life at the provider, looked up by the id that never changes, so a rename,
 * transfer, archive or deletion shows. Failures common to every call are on {@link ProviderApi}.
 */
public interface ProviderRepositoriesApi extends ProviderApi {

  /**
   * The repository with this stable id as the token's owner sees it now: its current full name
   * (after any rename or transfer), whether it is archived, the caller's access. GitHub {@code GET
   * /repositories/{id}}, GitLab {@code GET /projects/:id}. {@code REPOSITORY_NOT_FOUND} when it was
   * deleted, or the token can no longer see it (both providers answer 404 to both; a repository
   * hook never receives its own repository's deletion, so this is how a deletion shows).
   */
  ProviderResult<ProviderRepository> getRepositoryById(Secret token, long providerRepoId);
}
