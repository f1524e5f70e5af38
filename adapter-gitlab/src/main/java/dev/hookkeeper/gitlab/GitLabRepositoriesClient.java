package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderRepositoriesApi;
import dev.hookkeeper.gitlab.GitLabErrors.NotFound;
import dev.hookkeeper.gitlab.GitLabHttp.Reply;
import java.util.Optional;

/**
 * A project by its numeric id ({@code GET /projects/:id}): its current {@code path_with_namespace}
 * after a rename or transfer, archived or not, 404 once deleted. Obtain it from {@link
 * GitLabHooksClient#repositoriesClient()}. Thread-safe.
 */
public final class GitLabRepositoriesClient implements ProviderRepositoriesApi {
  private final GitLabHttp http;

  GitLabRepositoriesClient(GitLabHttp http) {
    this.http = http;
  }

  @Override
  public Provider provider() {
    return Provider.GITLAB;
  }

  @Override
  public Optional<RateBudget> rateBudget(Secret token) {
    return http.budgets().of(token);
  }

  @Override
  public ProviderResult<ProviderRepository> getRepositoryById(Secret token, long providerRepoId) {
    if (providerRepoId <= 0) return ProviderResult.failed(FailureReason.REPOSITORY_NOT_FOUND, "a GitLab project id is positive");
    ProviderResult<Reply> sent = http.send(token, "GET",
        http.api().addPathSegment("projects").addPathSegment(Long.toString(providerRepoId)).build(), null, true);
    if (!sent.isOk()) return ProviderResult.failed(sent.failure());
    if (!sent.value().ok()) return ProviderResult.failed(GitLabErrors.map(sent.value(), NotFound.REPOSITORY, token));
    return GitLabProjectJson.repository(sent.value().json(), null);
  }
}
