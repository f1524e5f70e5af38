package dev.hookkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.config.ProviderAdapters;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one-line factory: every GitHub adapter, talking to one GitHub through one client. */
class GitHubAdaptersTest {
  private final GitHubSimulator github = GitHubSimulator.start();
  private final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void stop() {
    github.close();
  }

  @Test
  void
      builds_the_hooks_runs_repositories_and_accounts_clients_and_the_decoder_from_a_url_and_a_client() {
    github.addRepository("octocat/Hello-World", 1296269, false, "main");
    github.addUser(
        "octocat", "ghp_octocatToken000000000000000000000001", List.of("repo", "admin:repo_hook"));
    github.grant("octocat", "octocat/Hello-World", GitHubSimulator.Role.ADMIN);
    Secret token = Secret.of("ghp_octocatToken000000000000000000000001");

    ProviderAdapters adapters = GitHubAdapters.create(github.baseUrl(), http);

    assertThat(adapters.provider()).isEqualTo(Provider.GITHUB);
    assertThat(adapters.decoder().provider()).isEqualTo(Provider.GITHUB);
    assertThat(adapters.hooks().getRepository(token, "octocat/Hello-World").value())
        .extracting(ProviderRepository::providerRepoId)
        .isEqualTo(1296269L);
    assertThat(
            adapters
                .repositories()
                .orElseThrow()
                .getRepositoryById(token, 1296269)
                .value()
                .fullName())
        .isEqualTo("octocat/Hello-World");
    assertThat(adapters.accounts().orElseThrow().account(token).value().login())
        .isEqualTo("octocat");
    assertThat(adapters.runs()).get().extracting(r -> r.provider()).isEqualTo(Provider.GITHUB);
    assertThat(github.requests()).allMatch(r -> r.endsWith(" 200"));
  }
}
