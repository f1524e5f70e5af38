package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.config.ProviderAdapters;
import okhttp3.OkHttpClient;

/**
 * Every GitLab adapter in one line, for {@code Hookkeeper.Builder.provider}: the hooks client and
 * the pipelines, projects and accounts clients sharing its connection, and the inbound decoder.
 * Signing in with GitLab also needs a {@link GitLabOAuthClient} (the application's id, secret and
 * callback).
 */
public final class GitLabAdapters {
  private GitLabAdapters() {}

  /**
   * @param instanceUrl {@value GitLabHooksClient#GITLAB_COM} or a self-managed instance, e.g.
   *     {@code https://gitlab.example.com}
   * @param http the application's shared client
   */
  public static ProviderAdapters create(String instanceUrl, OkHttpClient http) {
    GitLabHooksClient hooks = new GitLabHooksClient(http, instanceUrl);
    return ProviderAdapters.of(hooks, new GitLabInboundDecoder())
        .withRuns(hooks.runsClient())
        .withRepositories(hooks.repositoriesClient())
        .withAccounts(hooks.accountsClient());
  }
}
