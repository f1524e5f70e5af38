package dev.hookkeeper.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.config.ReconcileSettings;
import dev.hookkeeper.core.ingest.IngestSettings;
import dev.hookkeeper.core.ingest.ProcessingListener;
import dev.hookkeeper.core.ingest.ProcessingSettings;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.DeliverySource;
import dev.hookkeeper.core.model.DomainEvent.WorkflowRunChanged;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.TokenRefresher;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi;
import dev.hookkeeper.core.testkit.InMemoryPorts;
import dev.hookkeeper.core.testkit.ScriptedInboundDecoder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hook whose checkpoint is older than the provider's delivery log (GitHub keeps 3 days): what the
 * log still holds is redelivered, what it no longer holds is caught up from the runs API, and
 * nothing is both.
 */
class RecoveryBeyondTheLogTest {
  private static final String REPO = "octocat/Hello-World";
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final InMemoryPorts stores = new InMemoryPorts(T0);
  private final FakeProviderHooksApi github =
      new FakeProviderHooksApi(Provider.GITHUB, stores.clock());
  private final UseCases useCases;

  RecoveryBeyondTheLogTest() {
    github.addRepository(REPO, 1296269);
    useCases =
        new UseCases(
            stores.ports(),
            new Providers(
                List.of(github),
                List.of(github.runs()),
                List.of(github.repositories()),
                List.of(new ScriptedInboundDecoder(Provider.GITHUB))),
            new HookSettings(
                Map.of(Provider.GITHUB, "https://hooks.example.com/api/v2/webhooks/github"),
                Map.of(
                    Provider.GITHUB,
                    List.of("workflow_run", "workflow_job", "repository", "meta"))),
            IngestSettings.DEFAULTS,
            ProcessingSettings.MANUAL,
            ProcessingListener.NONE,
            // the fake provider logs redeliveries but sends none to us: nothing to wait for
            new SelfHealing(
                ReconcileSettings.ON_DEMAND.withRedeliveryWait(Duration.ZERO),
                TokenRefresher.NONE,
                HealingListener.NONE));
  }

  @AfterEach
  void close() {
    useCases.close();
  }

  @Test
  void the_log_is_redelivered_where_it_reaches_and_the_runs_api_covers_the_rest() {
    UserId alice = useCases.createUser().create("alice").user().id();
    Secret token = github.addToken("alice", AccessLevel.ADMIN);
    assertThat(useCases.storeProviderToken().store(alice, Provider.GITHUB, token))
        .isInstanceOf(StoreProviderToken.Result.Stored.class);
    ConnectRepository.Result connected =
        useCases.connectRepository().connect(alice, Provider.GITHUB, REPO);
    ConnectionId conn =
        ((ConnectRepository.Result.Connected) connected).details().connection().id();

    // Hookkeeper does not answer for five days; GitHub logs every attempt as failed
    github.receiverAnswers(503);
    stores.clock().set(T0.plus(Duration.ofDays(1)));
    WorkflowRunChanged old = github.runs().fireRun(REPO, false);
    stores.clock().set(T0.plus(Duration.ofHours(108))); // 4.5 days
    WorkflowRunChanged recent = github.runs().fireRun(REPO, true);
    stores.clock().set(T0.plus(Duration.ofDays(5)));
    github.receiverAnswers(200);
    github.clearCalls();

    ReconcileRepository.Result result = useCases.reconcileRepository().reconcile(alice, conn);

    ReconcileReport report = ((ReconcileRepository.Result.Reconciled) result).report();
    assertThat(report.outcome()).isEqualTo(ReconcileReport.Outcome.RECONCILED);
    // the recent run's two deliveries (its job's and its own) are still in GitHub's log
    assertThat(report.redelivered()).isEqualTo(2);
    assertThat(github.calls(FakeProviderHooksApi.Operation.REDELIVER)).hasSize(2);
    // the old run's are gone from it (3 days): the run comes from the Actions API instead
    assertThat(report.caughtUp()).isEqualTo(1);
    assertThat(report.found())
        .extracting(ReconcileReport.Finding::kind)
        .contains(
            ReconcileReport.FindingKind.FAILED_DELIVERIES, ReconcileReport.FindingKind.RUNS_MISSED);
    var caughtUp =
        stores
            .deliveries()
            .listByRepository(
                stores.repositories().findByProviderId(Provider.GITHUB, 1296269).orElseThrow().id(),
                dev.hookkeeper.core.model.PageRequest.first(50))
            .items()
            .stream()
            .filter(e -> e.source() == DeliverySource.CATCH_UP)
            .toList();
    assertThat(caughtUp)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.deliveryId())
                    .startsWith("catch-up:" + old.run().providerRunId() + ":"));
    assertThat(caughtUp)
        .noneSatisfy(
            e ->
                assertThat(e.deliveryId())
                    .startsWith("catch-up:" + recent.run().providerRunId() + ":"));
  }
}
