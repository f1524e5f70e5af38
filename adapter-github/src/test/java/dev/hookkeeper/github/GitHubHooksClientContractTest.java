package dev.hookkeeper.github;

import dev.hookkeeper.core.contract.ProviderHooksApiContract;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The core's provider-hooks contract: the real client against the stateful GitHub simulator. */
class GitHubHooksClientContractTest extends ProviderHooksApiContract {
  private static final String REPO = "octo-org/octo-repo";

  private GitHubSimulator github;
  private GitHubHooksClient client;

  @BeforeEach
  void startGitHub() {
    github = GitHubSimulator.start();
    github.addRepository(REPO, 300029405L, true, "main");
    github.addUser("octocat", "admin-token", List.of("repo", "admin:repo_hook"));
    github.addUser("reader", "read-token", List.of("repo"));
    github.grant("octocat", REPO, GitHubSimulator.Role.ADMIN);
    github.grant("reader", REPO, GitHubSimulator.Role.READ);
    client = new GitHubHooksClient(github.baseUrl(), new OkHttpClient(),
        new GitHubHooksClient.Settings(2, Duration.ofMillis(1), Duration.ZERO));
  }

  @AfterEach
  void stopGitHub() {
    github.awaitIdle(Duration.ofSeconds(5));
    github.close();
  }

  @Override
  protected ProviderHooksApi api() {
    return client;
  }

  @Override
  protected Secret adminToken() {
    return Secret.of("admin-token");
  }

  @Override
  protected Secret readOnlyToken() {
    return Secret.of("read-token");
  }

  @Override
  protected Secret invalidToken() {
    return Secret.of("revoked-token");
  }

  @Override
  protected String repositoryFullName() {
    return REPO;
  }

  @Override
  protected void providerGoesDown() {
    github.outage(true);
  }

  @Override
  protected void rateLimitNextRequest() {
    github.rateLimitNextRequests(1);
  }

  @Override
  protected void fillHookLimit() {
    github.fillHookLimit(REPO, hookEvents().get(0));
  }

  @Override
  protected Optional<String> secretHeldByProvider(String providerHookId) {
    return github.hooks(REPO).stream()
        .filter(h -> Long.toString(h.id()).equals(providerHookId))
        .findFirst()
        .map(GitHubSimulator.SimulatedHook::secret);
  }
}
