package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.contract.ProviderHooksApiContract;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The core's provider-hooks contract, run against {@link GitLabHooksClient} talking to {@link GitLabSimulator}. */
final class GitLabHooksClientContractTest extends ProviderHooksApiContract {
  private static final String PROJECT = "acme/widgets";
  private static GitLabSimulator gitlab;
  private static MockWebServer receiver;
  private static OkHttpClient http;
  private static GitLabHooksClient client;

  @BeforeAll
  static void startGitLab() throws IOException {
    gitlab = GitLabSimulator.start();
    gitlab.addUser("maria", "glpat-maintainer-token");
    gitlab.addUser("dev", "oauth-developer-token");
    gitlab.addProject(PROJECT);
    gitlab.grant("maria", PROJECT, GitLabSimulator.Role.MAINTAINER);
    gitlab.grant("dev", PROJECT, GitLabSimulator.Role.DEVELOPER);
    // Test deliveries (ping) go to a local receiver that accepts everything: never off this machine.
    receiver = new MockWebServer();
    QueueDispatcher accept = new QueueDispatcher();
    accept.setFailFast(new MockResponse.Builder().code(200).body("ok").build());
    receiver.setDispatcher(accept);
    receiver.start();
    http = new OkHttpClient();
    client = new GitLabHooksClient(http, gitlab.baseUrl(), 3, Duration.ofMillis(1), Clock.systemUTC());
  }

  @AfterAll
  static void stopGitLab() {
    gitlab.close();
    receiver.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @BeforeEach
  void resetGitLab() {
    gitlab.reset();
  }

  @Override
  protected ProviderHooksApi api() {
    return client;
  }

  @Override
  protected Secret adminToken() {
    return Secret.of("glpat-maintainer-token");
  }

  @Override
  protected Secret readOnlyToken() {
    return Secret.of("oauth-developer-token");
  }

  @Override
  protected Secret invalidToken() {
    return Secret.of("glpat-revoked");
  }

  @Override
  protected String repositoryFullName() {
    return PROJECT;
  }

  @Override
  protected String hookUrl() {
    return receiver.url("/api/v2/webhooks/gitlab").toString();
  }

  @Override
  protected void providerGoesDown() {
    gitlab.setOutage(true);
  }

  @Override
  protected void rateLimitNextRequest() {
    gitlab.rateLimitNextRequest(Duration.ofSeconds(60));
  }

  @Override
  protected void fillHookLimit() {
    gitlab.fillHookLimit(PROJECT);
  }

  @Override
  protected Optional<String> secretHeldByProvider(String providerHookId) {
    return gitlab.hooks(PROJECT).stream()
        .filter(h -> String.valueOf(h.id()).equals(providerHookId))
        .findFirst()
        .map(GitLabSimulator.Hook::token);
  }
}
