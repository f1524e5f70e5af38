package dev.hookkeeper.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.config.ProviderAdapters;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one-line factory: every GitLab adapter, talking to one instance through one client. */
class GitLabAdaptersTest {
  private final GitLabSimulator gitlab = GitLabSimulator.start();
  private final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void stop() {
    gitlab.close();
  }

  @Test
  void
      builds_the_hooks_runs_repositories_and_accounts_clients_and_the_decoder_from_a_url_and_a_client() {
    long projectId = gitlab.addProject("acme/pipelines");
    gitlab.addUser("tanuki", "glpat-tanukiToken000000001");
    gitlab.grant("tanuki", "acme/pipelines", GitLabSimulator.Role.MAINTAINER);
    Secret token = Secret.of("glpat-tanukiToken000000001");

    ProviderAdapters adapters = GitLabAdapters.create(gitlab.baseUrl(), http);

    assertThat(adapters.provider()).isEqualTo(Provider.GITLAB);
    assertThat(adapters.decoder().provider()).isEqualTo(Provider.GITLAB);
    assertThat(adapters.hooks().getRepository(token, "acme/pipelines").value().providerRepoId())
        .isEqualTo(projectId);
    assertThat(
            adapters
                .repositories()
                .orElseThrow()
                .getRepositoryById(token, projectId)
                .value()
                .fullName())
        .isEqualTo("acme/pipelines");
    assertThat(adapters.accounts().orElseThrow().account(token).value().login())
        .isEqualTo("tanuki");
    assertThat(adapters.runs()).get().extracting(r -> r.provider()).isEqualTo(Provider.GITLAB);
  }
}
