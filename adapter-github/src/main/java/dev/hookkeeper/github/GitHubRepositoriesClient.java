package dev.hookkeeper.github;

import static dev.hookkeeper.github.GitHubApi.call;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderRepositoriesApi;
import java.util.Optional;

/**
 * A repository by its stable id ({@code GET /repositories/{id}}): its current name after a rename
 * or transfer, archived or not, 404 once deleted. Obtain it from {@link
 * GitHubHooksClient#repositoriesClient()}. Thread-safe.
 */
public final class GitHubRepositoriesClient implements ProviderRepositoriesApi {
  private final GitHubApi api;

  GitHubRepositoriesClient(GitHubApi api) {
    this.api = api;
  }

  @Override
  public Provider provider() {
    return Provider.GITHUB;
  }

  @Override
  public Optional<RateBudget> rateBudget(Secret token) {
    return api.budgets.of(token);
  }

  @Override
  public ProviderResult<ProviderRepository> getRepositoryById(Secret token, long providerRepoId) {
    return call(() -> {
      if (providerRepoId <= 0) throw new GitHubCallException(FailureReason.REPOSITORY_NOT_FOUND, "a GitHub repository id is positive");
      ApiResponse r = api.expect(api.transport.get(token, api.repositoryById(providerRepoId)), 200,
          GitHubErrorMapper.Target.REPOSITORY);
      return api.json.repository(api.json.read(r), r);
    });
  }
}
