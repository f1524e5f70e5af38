package dev.hookkeeper.github;

import dev.hookkeeper.core.config.ProviderAdapters;
import okhttp3.OkHttpClient;

/**
 * Every GitHub adapter in one line, for {@code Hookkeeper.Builder.provider}: the hooks client and
 * the runs, repositories and accounts clients sharing its connection and per-token budgets, and the
 * inbound decoder. Signing in with GitHub also needs a {@link GitHubOAuthClient} (the OAuth
 * application's id and secret).
 */
public final class GitHubAdapters {
  private GitHubAdapters() {}

  /**
   * @param apiUrl {@value GitHubHooksClient#DEFAULT_BASE_URL}, or {@code https://HOST/api/v3} for
   *     GitHub Enterprise Server
   * @param http the application's shared client ({@link GitHubHooksClient#defaultHttpClient()} has
   *     sensible time-outs)
   */
  public static ProviderAdapters create(String apiUrl, OkHttpClient http) {
    GitHubHooksClient hooks = new GitHubHooksClient(apiUrl, http);
    return ProviderAdapters.of(hooks, new GitHubInboundDecoder())
        .withRuns(hooks.runsClient())
        .withRepositories(hooks.repositoriesClient())
        .withAccounts(hooks.accountsClient());
  }
}
