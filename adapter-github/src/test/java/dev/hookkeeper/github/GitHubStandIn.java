package dev.hookkeeper.github;

import dev.hookkeeper.core.contract.ProviderStandIn;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.testkit.MutableClock;
import dev.hookkeeper.github.simulator.FiredRun;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The GitHub simulator as the provider contracts see it: one private repository, an admin with
 * {@code repo, admin:repo_hook} and a reader, a receiver on this machine, a test clock; and the
 * real client pointed at it, fresh per test.
 */
final class GitHubStandIn implements ProviderStandIn, AutoCloseable {
  static final String REPO = "octo-org/octo-repo";
  private static final Secret ADMIN = Secret.of("admin-token");
  private static final Secret READER = Secret.of("read-token");

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));
  final GitHubSimulator github = GitHubSimulator.start(clock);
  final TestReceiver receiver = new TestReceiver();
  final GitHubHooksClient client;
  private String currentName = REPO;

  GitHubStandIn() {
    github.addRepository(REPO, 300029405L, true, "main");
    github.addUser("octocat", ADMIN.reveal(), List.of("repo", "admin:repo_hook"));
    github.addUser("reader", READER.reveal(), List.of("repo"));
    github.grant("octocat", REPO, GitHubSimulator.Role.ADMIN);
    github.grant("reader", REPO, GitHubSimulator.Role.READ);
    github.deliveryTimeout(Duration.ofSeconds(2));
    client = new GitHubHooksClient(github.baseUrl(), new OkHttpClient(),
        new GitHubHooksClient.Settings(2, Duration.ofMillis(1), Duration.ZERO), clock);
  }

  @Override public Provider provider() { return Provider.GITHUB; }
  @Override public Secret adminToken() { return ADMIN; }
  @Override public Secret readOnlyToken() { return READER; }
  @Override public Secret invalidToken() { return Secret.of("revoked-token"); }
  @Override public String repositoryFullName() { return REPO; }
  @Override public String hookUrl() { return receiver.url("/api/v2/webhooks/github"); }
  @Override public String otherHookUrl() { return receiver.url("/moved"); }
  @Override public Instant now() { return clock.instant(); }
  @Override public void advanceClock(Duration by) { clock.advance(by); }
  @Override public void goDown() { github.outage(true); }
  @Override public void rateLimitNextRequest() { github.rateLimitNextRequests(1); }
  @Override public void limitBudgetTo(int requests) { github.rateBudget(requests, Duration.ofHours(1)); }
  @Override public void fillHookLimit() { github.fillHookLimit(REPO, hookEvents().get(0)); }
  @Override public void receiverAnswers(int status) { receiver.answer(status); }
  @Override public void fireRun(boolean success) { github.fireWorkflowRun(currentName, FiredRun.ci(success)); }
  @Override public void awaitBackgroundDeliveries() { github.awaitIdle(Duration.ofSeconds(10)); }
  @Override public void personDeletesHook(String id) { github.outOfBand().deleteHook(currentName, Long.parseLong(id)); }
  @Override public void hookStopsDelivering(String id) { github.outOfBand().setHookActive(currentName, Long.parseLong(id), false); }
  @Override public void revoke(Secret token) { github.outOfBand().revokeToken(token.reveal()); }
  @Override public void archiveRepository() { github.outOfBand().archiveRepository(currentName); }
  @Override public void deleteRepository() { github.outOfBand().deleteRepository(currentName); }

  @Override
  public void personEditsHook(String id, String url, List<String> events) {
    github.outOfBand().editHook(currentName, Long.parseLong(id), url, events);
  }

  /** Re-authorized with fewer scopes: {@code read:user} alone reaches neither private repositories nor hooks. */
  @Override
  public void dropHookScope(Secret token) {
    github.outOfBand().setScopes(token.equals(ADMIN) ? "octocat" : "reader", List.of("read:user"));
  }

  @Override
  public void renameRepository(String newFullName) {
    github.outOfBand().renameRepository(currentName, newFullName);
    currentName = newFullName;
  }

  @Override
  public Optional<String> secretHeldFor(String providerHookId) {
    return github.hooks(currentName).stream()
        .filter(h -> Long.toString(h.id()).equals(providerHookId))
        .findFirst()
        .map(GitHubSimulator.SimulatedHook::secret);
  }

  @Override
  public void close() {
    github.awaitIdle(Duration.ofSeconds(10));
    github.close();
    receiver.close();
  }
}
