package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.crypto.RandomSecretGenerator;
import dev.hookkeeper.core.ingest.IngestResult;
import dev.hookkeeper.core.ingest.IngestSettings;
import dev.hookkeeper.core.ingest.ProcessingListener;
import dev.hookkeeper.core.ingest.ProcessingSettings;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.support.TimeOrderedIdGenerator;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi.Operation;
import dev.hookkeeper.core.testkit.MutableClock;
import dev.hookkeeper.core.testkit.RacingProviderHooksApi;
import dev.hookkeeper.core.usecase.ConnectRepository;
import dev.hookkeeper.core.usecase.DisconnectRepository;
import dev.hookkeeper.core.usecase.StoreProviderToken;
import dev.hookkeeper.core.usecase.UseCases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, items 4 and 10 on PostgreSQL: the core's connect, disconnect, retry and cleanup use
 * cases on the JDBI stores, with something else happening while a provider call is in flight (the
 * fake provider, wrapped to run that something at the right moment).
 */
class HookRacesOnPostgresTest {
  private static final String REPO = "octo/raced";
  private static final String URL = "https://hooks.example.test/api/v2/webhooks/github";

  private HikariDataSource dataSource;
  private PersistenceModule stores;
  private MutableClock clock;
  private FakeProviderHooksApi github;
  private RacingProviderHooksApi racing;
  private SecretCipher cipher;
  private UseCases useCases;

  @BeforeEach
  void start() {
    dataSource = TestPostgres.migratedDatabase();
    cipher = TestCipher.random();
    stores = PersistenceModule.create(dataSource, cipher);
    clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));
    github = new FakeProviderHooksApi(Provider.GITHUB, clock);
    github.addRepository(REPO, 777_001L);
    racing = new RacingProviderHooksApi(github);
    Ports ports =
        new Ports(
            stores.users(),
            stores.tokenVault(),
            stores.repositories(),
            stores.hooks(),
            stores.connections(),
            stores.deliveries(),
            stores.inbox(),
            stores.workflowRuns(),
            stores.incidents(),
            stores.notifications(),
            stores.hookCleanups(),
            stores.hookEvents(),
            stores.reconcileSchedule(),
            n -> {},
            stores.transactionRunner(),
            cipher,
            new RandomSecretGenerator(),
            new TimeOrderedIdGenerator(clock, new java.security.SecureRandom()),
            clock);
    useCases =
        new UseCases(
            ports,
            new Providers(List.of(racing), List.of(new WorkflowRunTestDecoder())),
            new HookSettings(
                Map.of(Provider.GITHUB, URL),
                Map.of(Provider.GITHUB, List.of("workflow_run", "push"))),
            IngestSettings.DEFAULTS,
            ProcessingSettings.MANUAL,
            ProcessingListener.NONE);
  }

  @AfterEach
  void stop() {
    useCases.close();
    dataSource.close();
  }

  @Test
  void a_provisioning_that_finishes_after_its_hook_row_was_deleted_deletes_the_hook_it_created() {
    UserId alice = user("alice");
    racing.after(Operation.CREATE_HOOK, () -> disconnect(alice));

    useCases.connectRepository().connect(alice, Provider.GITHUB, REPO);

    assertThat(github.hooks(REPO)).isEmpty();
    assertThat(count("SELECT count(*) FROM repository_hooks")).isZero();
    assertThat(count("SELECT count(*) FROM hook_cleanups")).isZero();
  }

  @Test
  void adopting_a_hook_cancels_its_queued_cleanup() {
    UserId alice = user("alice");
    UserId bob = user("bob");
    connect(alice);
    String x = hook().providerHookId();
    github.goDown();
    disconnect(alice);
    assertThat(count("SELECT count(*) FROM hook_cleanups")).isEqualTo(1);
    github.comeBack();

    connect(bob);

    assertThat(hook().providerHookId()).isEqualTo(x);
    assertThat(count("SELECT count(*) FROM hook_cleanups")).isZero();
    clock.advance(Duration.ofHours(7));
    useCases.runHookCleanups().runDue();
    assertThat(github.hooks(REPO)).extracting(ProviderHook::providerHookId).containsExactly(x);
  }

  @Test
  void a_cleanup_deleting_the_hook_while_a_reconnect_adopts_it_leaves_one_working_hook()
      throws Exception {
    UserId alice = user("alice");
    UserId bob = user("bob");
    connect(alice);
    github.goDown();
    disconnect(alice);
    github.comeBack();
    clock.advance(Duration.ofMinutes(1));
    CountDownLatch cleanerAtProvider = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    racing.before(
        Operation.DELETE_HOOK,
        () -> {
          cleanerAtProvider.countDown();
          await(release);
        });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> cleaner = pool.submit(() -> useCases.runHookCleanups().runDue());
      assertThat(cleanerAtProvider.await(10, TimeUnit.SECONDS)).isTrue();
      Future<ConnectRepository.Result> reconnect =
          pool.submit(() -> useCases.connectRepository().connect(bob, Provider.GITHUB, REPO));
      // give the reconnect time to reach the cleanup it must wait for; either order must end well
      Thread.sleep(500);
      release.countDown();
      cleaner.get(30, TimeUnit.SECONDS);
      assertThat(reconnect.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ConnectRepository.Result.Connected.class);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }

    RepositoryHook hook = hook();
    assertThat(hook.status()).isEqualTo(HookStatus.PENDING);
    assertThat(github.hooks(REPO))
        .extracting(ProviderHook::providerHookId)
        .containsExactly(hook.providerHookId());
    assertThat(github.secretOf(hook.providerHookId()))
        .contains(cipher.decrypt(hook.secret(), RepositoryHook.secretContext(hook.id())).reveal());
    assertThat(count("SELECT count(*) FROM hook_cleanups")).isZero();
  }

  @Test
  void a_delivery_during_a_provider_call_is_not_undone_by_the_provisioning() {
    UserId alice = user("alice");
    connect(alice);
    RepositoryHook hook = hook();
    assertThat(deliver(hook)).isInstanceOf(IngestResult.Accepted.class);
    assertThat(hook().status()).isEqualTo(HookStatus.ACTIVE);
    stores
        .hooks()
        .updateStatus(
            hook.id(),
            HookStatus.INACTIVE,
            FailureReason.HOOK_DISABLED_BY_PROVIDER,
            "disabled after failures",
            clock.instant());
    Instant deliveredAt = clock.advance(Duration.ofMinutes(5));
    racing.after(Operation.UPDATE_HOOK, () -> deliver(hook));

    useCases.retryHookCreation().retry(alice, connectionOf(alice));

    RepositoryHook after = hook();
    assertThat(after.lastDeliveryAt()).isEqualTo(deliveredAt);
    assertThat(after.status()).isEqualTo(HookStatus.ACTIVE);
  }

  private IngestResult deliver(RepositoryHook hook) {
    byte[] body = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
    Secret secret = cipher.decrypt(hook.secret(), RepositoryHook.secretContext(hook.id()));
    Headers headers =
        Headers.single(
            WorkflowRunTestDecoder.EVENT, "push",
            WorkflowRunTestDecoder.DELIVERY, UUID.randomUUID().toString(),
            WorkflowRunTestDecoder.HOOK_ID, hook.providerHookId(),
            WorkflowRunTestDecoder.SIGNATURE, WorkflowRunTestDecoder.sign(secret, body));
    IngestResult result =
        useCases
            .ingestDelivery()
            .ingest(
                Provider.GITHUB, new InboundRequest(headers, body, "127.0.0.1", clock.instant()));
    useCases.inboxProcessor().processDue(); // the effects, as a processor applies them right after
    return result;
  }

  private UserId user(String login) {
    UserId id = useCases.createUser().create(login).user().id();
    Secret token = github.addToken(login + "-" + UUID.randomUUID(), AccessLevel.ADMIN);
    assertThat(useCases.storeProviderToken().store(id, Provider.GITHUB, token))
        .isInstanceOf(StoreProviderToken.Result.Stored.class);
    return id;
  }

  private void connect(UserId user) {
    assertThat(useCases.connectRepository().connect(user, Provider.GITHUB, REPO))
        .isInstanceOf(ConnectRepository.Result.Connected.class);
  }

  private void disconnect(UserId user) {
    assertThat(useCases.disconnectRepository().disconnect(user, connectionOf(user)))
        .isInstanceOf(DisconnectRepository.Result.Disconnected.class);
  }

  private dev.hookkeeper.core.model.ConnectionId connectionOf(UserId user) {
    return stores.connections().findByUserAndRepository(user, repository().id()).orElseThrow().id();
  }

  private Repository repository() {
    return stores.repositories().findByProviderId(Provider.GITHUB, 777_001L).orElseThrow();
  }

  private RepositoryHook hook() {
    return stores.hooks().findByRepository(repository().id()).orElseThrow();
  }

  private long count(String sql) {
    return Jdbi.create(dataSource).withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) throw new AssertionError("never released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
