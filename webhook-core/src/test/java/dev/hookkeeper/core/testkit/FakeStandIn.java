package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.ProviderStandIn;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The in-memory fake as the provider contracts see it: one repository, an admin and a reader, a test clock. */
final class FakeStandIn implements ProviderStandIn {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));
  final FakeProviderHooksApi fake;
  private final String repo;
  private final Secret admin;
  private final Secret reader;

  FakeStandIn(Provider provider) {
    fake = new FakeProviderHooksApi(provider, clock);
    repo = provider == Provider.GITHUB ? "octo/app" : "acme/widgets";
    fake.addRepository(repo, 42);
    admin = fake.addToken("octocat", AccessLevel.ADMIN);
    reader = fake.addToken("reader", AccessLevel.READ);
  }

  @Override public Provider provider() { return fake.provider(); }
  @Override public Secret adminToken() { return admin; }
  @Override public Secret readOnlyToken() { return reader; }
  @Override public Secret invalidToken() { return Secret.of("not-a-token"); }
  @Override public String repositoryFullName() { return repo; }
  @Override public String hookUrl() { return "https://hooks.example.com/api/v2/webhooks/" + provider().id(); }
  @Override public String otherHookUrl() { return "https://old.example.com/hooks"; }
  @Override public Instant now() { return clock.instant(); }
  @Override public void advanceClock(Duration by) { clock.advance(by); }
  @Override public void goDown() { fake.goDown(); }
  @Override public void rateLimitNextRequest() { fake.rateLimitNext(1); }
  @Override public void limitBudgetTo(int requests) { fake.rateBudget(requests, Duration.ofHours(1)); }
  @Override public void fillHookLimit() { fake.fillHookLimit(repo); }
  @Override public void receiverAnswers(int status) { fake.receiverAnswers(status); }
  @Override public void fireRun(boolean success) { fake.runs().fireRun(repo, success); }
  @Override public void awaitBackgroundDeliveries() { /* the fake delivers synchronously */ }
  @Override public Optional<String> secretHeldFor(String id) { return fake.secretOf(id); }
  @Override public void personDeletesHook(String id) { fake.outOfBand().deleteHook(id); }
  @Override public void personEditsHook(String id, String url, List<String> events) { fake.outOfBand().editHook(id, url, events); }
  @Override public void revoke(Secret token) { fake.outOfBand().revoke(token); }
  @Override public void dropHookScope(Secret token) { fake.outOfBand().dropHookScope(token); }
  @Override public void archiveRepository() { fake.outOfBand().archiveRepository(repo); }
  @Override public void deleteRepository() { fake.outOfBand().deleteRepository(repo); }

  @Override
  public void hookStopsDelivering(String id) {
    if (provider() == Provider.GITHUB) {
      fake.outOfBand().deactivateHook(id);
    } else {
      fake.outOfBand().disableHook(id, clock.instant().plus(Duration.ofMinutes(1)));
    }
  }

  @Override
  public void renameRepository(String newFullName) {
    fake.outOfBand().renameRepository(repo, newFullName);
  }
}
