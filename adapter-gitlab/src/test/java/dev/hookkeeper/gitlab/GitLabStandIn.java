package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.contract.ProviderStandIn;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.testkit.MutableClock;
import dev.hookkeeper.gitlab.simulator.FiredPipeline;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The GitLab simulator as the provider contracts see it: one private project, a maintainer and a
 * developer, a receiver on this machine, a test clock; and the real client pointed at it, fresh per
 * test.
 */
final class GitLabStandIn implements ProviderStandIn, AutoCloseable {
  static final String PROJECT = "acme/widgets";
  private static final Secret MAINTAINER = Secret.of("glpat-maintainer-token");
  private static final Secret DEVELOPER = Secret.of("oauth-developer-token");

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));
  final GitLabSimulator gitlab = GitLabSimulator.start(clock);
  final TestReceiver receiver = new TestReceiver();
  private final OkHttpClient http = new OkHttpClient();
  final GitLabHooksClient client;
  private String currentPath = PROJECT;

  GitLabStandIn() {
    gitlab.addUser("maria", MAINTAINER.reveal());
    gitlab.addUser("dev", DEVELOPER.reveal());
    gitlab.addProject(PROJECT);
    gitlab.grant("maria", PROJECT, GitLabSimulator.Role.MAINTAINER);
    gitlab.grant("dev", PROJECT, GitLabSimulator.Role.DEVELOPER);
    gitlab.deliveryTimeout(Duration.ofSeconds(2));
    client = new GitLabHooksClient(http, gitlab.baseUrl(), 2, Duration.ofMillis(1), clock);
  }

  @Override public Provider provider() { return Provider.GITLAB; }
  @Override public Secret adminToken() { return MAINTAINER; }
  @Override public Secret readOnlyToken() { return DEVELOPER; }
  @Override public Secret invalidToken() { return Secret.of("glpat-revoked"); }
  @Override public String repositoryFullName() { return PROJECT; }
  @Override public String hookUrl() { return receiver.url("/api/v2/webhooks/gitlab"); }
  @Override public String otherHookUrl() { return receiver.url("/moved"); }
  @Override public Instant now() { return clock.instant(); }
  @Override public void advanceClock(Duration by) { clock.advance(by); }
  @Override public void goDown() { gitlab.setOutage(true); }
  @Override public void rateLimitNextRequest() { gitlab.rateLimitNextRequest(Duration.ofSeconds(60)); }
  @Override public void limitBudgetTo(int requests) { gitlab.rateBudget(requests, Duration.ofMinutes(1)); }
  @Override public void fillHookLimit() { gitlab.fillHookLimit(PROJECT); }
  @Override public void receiverAnswers(int status) { receiver.answer(status); }
  @Override public void fireRun(boolean success) { gitlab.firePipeline(currentPath, FiredPipeline.ci(success)); }
  @Override public void awaitBackgroundDeliveries() { /* GitLab's test and resend deliveries are sent before they answer */ }
  @Override public void personDeletesHook(String id) { gitlab.outOfBand().deleteHook(currentPath, Long.parseLong(id)); }
  @Override public void revoke(Secret token) { gitlab.outOfBand().revokeToken(token.reveal()); }
  @Override public void dropHookScope(Secret token) { gitlab.outOfBand().setScopes(token.reveal(), List.of("read_api")); }
  @Override public void archiveRepository() { gitlab.outOfBand().archiveProject(currentPath); }
  @Override public void deleteRepository() { gitlab.outOfBand().deleteProject(currentPath); }

  @Override
  public void personEditsHook(String id, String url, List<String> events) {
    gitlab.outOfBand().editHook(currentPath, Long.parseLong(id), url, events);
  }

  /** GitLab's own way: deliveries fail until the 4th consecutive failure disables the hook for a minute. */
  @Override
  public void hookStopsDelivering(String id) {
    receiver.answer(500);
    while (gitlab.hooks(currentPath).stream().filter(h -> Long.toString(h.id()).equals(id))
        .noneMatch(h -> h.alertStatus().equals("temporarily_disabled"))) {
      gitlab.firePipeline(currentPath, FiredPipeline.ci(false));
    }
  }

  @Override
  public void renameRepository(String newFullName) {
    gitlab.outOfBand().renameProject(currentPath, newFullName);
    currentPath = newFullName;
  }

  @Override
  public Optional<String> secretHeldFor(String providerHookId) {
    return gitlab.hooks(currentPath).stream()
        .filter(h -> String.valueOf(h.id()).equals(providerHookId))
        .findFirst()
        .map(GitLabSimulator.Hook::token);
  }

  @Override
  public void close() {
    gitlab.close();
    receiver.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
