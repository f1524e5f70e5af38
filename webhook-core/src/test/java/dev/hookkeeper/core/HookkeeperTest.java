package dev.hookkeeper.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.config.ProviderAdapters;
import dev.hookkeeper.core.config.ReconcileSettings;
import dev.hookkeeper.core.config.Stores;
import dev.hookkeeper.core.ingest.IngestResult;
import dev.hookkeeper.core.ingest.ProcessingListener;
import dev.hookkeeper.core.ingest.ProcessingSettings;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.HookCleanupQueue;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi;
import dev.hookkeeper.core.testkit.InMemoryPorts;
import dev.hookkeeper.core.testkit.ScriptedInboundDecoder;
import dev.hookkeeper.core.usecase.ConnectRepository;
import dev.hookkeeper.core.usecase.StoreProviderToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The entry point: what the builder requires and defaults, notifications, periodic jobs, draining
 * on close.
 */
class HookkeeperTest {
  private static final String REPO = "octocat/Hello-World";
  private static final String URL = "https://ci.example.com/hooks/github";

  private final InMemoryPorts mem = new InMemoryPorts();
  private final FakeProviderHooksApi github =
      new FakeProviderHooksApi(Provider.GITHUB, mem.clock());
  private final ScriptedInboundDecoder decoder = new ScriptedInboundDecoder(Provider.GITHUB);
  private final List<Hookkeeper> built = new ArrayList<>();

  @AfterEach
  void closeAll() {
    built.forEach(Hookkeeper::close);
  }

  private Hookkeeper.Builder minimal() {
    return Hookkeeper.builder()
        .stores(mem.stores())
        .provider(ProviderAdapters.of(github, decoder))
        .ingestUrl(Provider.GITHUB, URL)
        .cipher(mem.cipher())
        .clock(mem.clock())
        .selfHealing(ReconcileSettings.ON_DEMAND);
  }

  private Hookkeeper build(Hookkeeper.Builder builder) {
    Hookkeeper hookkeeper = builder.build();
    built.add(hookkeeper);
    return hookkeeper;
  }

  private static String key() {
    return java.util.Base64.getEncoder().encodeToString(new byte[32]);
  }

  @Test
  void refuses_to_build_without_stores_provider_ingest_url_or_key_and_says_which() {
    assertThatThrownBy(
            () ->
                Hookkeeper.builder()
                    .provider(ProviderAdapters.of(github, decoder))
                    .cipherKey(key())
                    .ingestUrl(Provider.GITHUB, URL)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stores");
    assertThatThrownBy(() -> Hookkeeper.builder().stores(mem.stores()).cipherKey(key()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("provider");
    assertThatThrownBy(
            () ->
                Hookkeeper.builder()
                    .stores(mem.stores())
                    .provider(ProviderAdapters.of(github, decoder))
                    .ingestUrl(Provider.GITHUB, URL)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(
            () ->
                Hookkeeper.builder()
                    .stores(mem.stores())
                    .provider(ProviderAdapters.of(github, decoder))
                    .cipherKey(key())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ingest URL for github");
    assertThatThrownBy(() -> minimal().provider(ProviderAdapters.of(github, decoder)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two sets of adapters");
    assertThatThrownBy(() -> minimal().ingestUrl(Provider.GITHUB, "ftp://x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ProviderAdapters.of(github, new ScriptedInboundDecoder(Provider.GITLAB)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_stores_factory_gets_the_cipher_that_encrypts_the_webhook_secrets() {
    dev.hookkeeper.core.port.SecretCipher[] given = new dev.hookkeeper.core.port.SecretCipher[1];
    Hookkeeper hookkeeper =
        build(
            minimal()
                .cipherKey(key())
                .stores(
                    cipher -> {
                      given[0] = cipher;
                      return mem.stores();
                    }));
    UserId alice = connectedUser(hookkeeper);

    RepositoryHook hook =
        mem.hooks()
            .findByRepository(
                mem.connections()
                    .listByUser(alice, dev.hookkeeper.core.model.PageRequest.first(1))
                    .items()
                    .get(0)
                    .repositoryId())
            .orElseThrow();
    assertThat(given[0].decrypt(hook.secret(), RepositoryHook.secretContext(hook.id())).reveal())
        .isNotBlank();
  }

  @Test
  void hooks_point_at_the_ingest_url_and_subscribe_to_the_default_events() {
    Hookkeeper hookkeeper =
        build(
            Hookkeeper.builder()
                .stores(mem.stores())
                .provider(ProviderAdapters.of(github, decoder))
                .ingestBaseUrl("https://ci.example.com/hooks/")
                .cipherKey(key())
                .clock(mem.clock()));

    connectedUser(hookkeeper);

    assertThat(hookkeeper.ingestUrl(Provider.GITHUB)).isEqualTo(URL);
    assertThat(github.hooks(REPO))
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.url()).isEqualTo(URL);
              assertThat(h.events())
                  .containsExactlyInAnyOrder(
                      "workflow_run", "workflow_job", "pull_request", "push", "repository", "meta");
            });
    assertThat(hookkeeper.providers()).containsExactly(Provider.GITHUB);
    assertThat(hookkeeper.signIn()).isEmpty();
  }

  @Test
  void by_default_hooks_heal_in_the_background_a_hook_deleted_at_the_provider_comes_back()
      throws Exception {
    Hookkeeper first = build(minimal());
    connectedUser(first);
    String deleted = github.hooks(REPO).get(0).providerHookId();
    first.close();
    github.outOfBand().deleteHook(deleted);
    assertThat(github.hooks(REPO)).isEmpty();

    // the server's defaults: the reconciler works in the background and reconciles every hook at
    // start
    Hookkeeper.Builder defaults =
        Hookkeeper.builder()
            .stores(mem.stores())
            .provider(
                ProviderAdapters.of(github, decoder)
                    .withRuns(github.runs())
                    .withRepositories(github.repositories()))
            .ingestUrl(Provider.GITHUB, URL)
            .cipher(mem.cipher())
            .clock(mem.clock());
    build(defaults);

    await(() -> !github.hooks(REPO).isEmpty());
    assertThat(github.hooks(REPO))
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.providerHookId()).isNotEqualTo(deleted);
              assertThat(h.url()).isEqualTo(URL);
            });
  }

  @Test
  void an_incident_reaches_the_builders_notifier_and_every_subscriber_until_it_unsubscribes()
      throws Exception {
    List<Notification> fromBuilder = new CopyOnWriteArrayList<>();
    List<Notification> subscribed = new CopyOnWriteArrayList<>();
    Hookkeeper hookkeeper =
        build(
            minimal()
                .notifier(fromBuilder::add)
                .notifier(
                    n -> {
                      throw new IllegalStateException("a broken notifier stops nobody else");
                    })
                .processing(
                    ProcessingSettings.DEFAULTS.withPollInterval(Duration.ofMillis(20)),
                    ProcessingListener.NONE));
    UserId alice = connectedUser(hookkeeper);
    Hookkeeper.Subscription subscription = hookkeeper.subscribe(subscribed::add);

    assertThat(deliverFailedRun(hookkeeper, 1, "d-1").httpStatus()).isEqualTo(202);
    await(() -> subscribed.stream().anyMatch(n -> n.type() == NotificationType.INCIDENT_OPENED));
    subscription.close();
    assertThat(deliverFailedRun(hookkeeper, 2, "d-2")).isInstanceOf(IngestResult.Accepted.class);
    await(
        () ->
            fromBuilder.stream()
                    .filter(n -> n.type() == NotificationType.WORKFLOW_RUN_UPDATED)
                    .count()
                == 2);

    assertThat(fromBuilder)
        .anyMatch(n -> n.type() == NotificationType.INCIDENT_OPENED && n.userId().equals(alice));
    assertThat(subscribed.stream().filter(n -> n.type() == NotificationType.WORKFLOW_RUN_UPDATED))
        .as("nothing after the subscription closed")
        .hasSize(1);
  }

  @Test
  void ingest_answers_each_outcome_with_the_status_a_provider_expects() {
    Hookkeeper hookkeeper =
        build(minimal().processing(ProcessingSettings.MANUAL, ProcessingListener.NONE));
    connectedUser(hookkeeper);

    assertThat(deliverFailedRun(hookkeeper, 7, "d-7").httpStatus()).isEqualTo(202);
    assertThat(deliverFailedRun(hookkeeper, 7, "d-7").httpStatus()).as("duplicate").isEqualTo(200);
    assertThat(hookkeeper.ingest(Provider.GITHUB, Map.of(), new byte[0], "192.0.2.1").httpStatus())
        .isEqualTo(400);
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> forged =
        new java.util.HashMap<>(
            ScriptedInboundDecoder.signedHeaders(
                    "workflow_run",
                    "d-8",
                    hook().providerHookId(),
                    Secret.of("not-the-secret-not-the-secret-000"),
                    body)
                .asMap());
    assertThat(hookkeeper.ingest(Provider.GITHUB, forged, body, "192.0.2.1").httpStatus())
        .isEqualTo(401);
    assertThat(new IngestResult.Unavailable("store_down").httpStatus()).isEqualTo(503);
  }

  @Test
  void ensure_user_creates_the_hosts_user_once_even_when_asked_at_once() throws Exception {
    Hookkeeper hookkeeper = build(minimal());

    List<CompletableFuture<User>> racing =
        IntStream.range(0, 8)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> hookkeeper.ensureUser().ensure(new UserId("host-42"))))
            .toList();

    List<User> users = racing.stream().map(CompletableFuture::join).toList();
    assertThat(users).extracting(User::id).containsOnly(new UserId("host-42"));
    assertThat(mem.users().find(new UserId("host-42"))).map(User::name).contains("host-42");
    assertThat(hookkeeper.authenticateUser().authenticate("hk_anything")).isEmpty();
  }

  @Test
  void periodic_jobs_run_once_per_period_when_the_schedule_grants_it() throws Exception {
    List<String> ranRefused = new CopyOnWriteArrayList<>();
    List<String> ranGranted = new CopyOnWriteArrayList<>();
    List<String> asked = new CopyOnWriteArrayList<>();
    build(
        minimal()
            .cleanupInterval(Duration.ofMillis(200))
            .jobListener(recording(ranRefused))
            .jobSchedule(
                (job, period) -> {
                  asked.add(job);
                  return false;
                }));
    build(minimal().cleanupInterval(Duration.ofMillis(200)).jobListener(recording(ranGranted)));

    await(
        () ->
            ranGranted.stream().filter("hook-cleanups"::equals).count() >= 2
                && asked.stream().filter("hook-cleanups"::equals).count() >= 2);

    assertThat(ranRefused).as("the instance whose schedule refuses runs nothing").isEmpty();
    assertThat(ranGranted).as("nothing failed").allMatch(job -> !job.contains("failed"));
    assertThat(asked).contains("hook-cleanups", "secret-retirement");
  }

  @Test
  void close_lets_a_running_job_finish_then_stops_everything() throws Exception {
    CountDownLatch jobStarted = new CountDownLatch(1);
    CountDownLatch releaseJob = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    Stores slowCleanups =
        mem.stores().toBuilder()
            .cleanups(new BlockingCleanups(mem.cleanups(), jobStarted, releaseJob))
            .build();
    Hookkeeper hookkeeper =
        minimal()
            .stores(slowCleanups)
            .cleanupInterval(Duration.ofMillis(100))
            .jobListener(recording(ran))
            .build();
    connectedUser(hookkeeper);
    assertThat(jobStarted.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(hookkeeper::close);
    Thread.sleep(200);
    assertThat(closing).as("close waits for the job under way").isNotDone();
    releaseJob.countDown();
    closing.get(15, TimeUnit.SECONDS);

    assertThat(ran).containsExactly("hook-cleanups");
    IngestResult afterClose;
    try {
      afterClose = deliverFailedRun(hookkeeper, 3, "d-3");
    } catch (IllegalStateException closed) {
      afterClose = null;
    }
    assertThat(afterClose)
        .as("refused or thrown, never stored")
        .isNotInstanceOf(IngestResult.Accepted.class);
    assertThat(mem.deliveries().find(hook().repositoryId(), "d-3")).isEmpty();
    hookkeeper.close(); // idempotent
  }

  private static JobListener recording(List<String> ran) {
    return new JobListener() {
      @Override
      public void ran(String job, Map<String, Integer> counts) {
        ran.add(job);
      }

      @Override
      public void failed(String job, RuntimeException failure) {
        ran.add(job + " failed: " + failure);
      }
    };
  }

  private UserId connectedUser(Hookkeeper hookkeeper) {
    github.addRepository(REPO, 1296269);
    UserId alice = hookkeeper.createUser().create("alice").user().id();
    assertThat(
            hookkeeper
                .storeProviderToken()
                .store(alice, Provider.GITHUB, github.addToken("alice", AccessLevel.ADMIN)))
        .isInstanceOf(StoreProviderToken.Result.Stored.class);
    assertThat(hookkeeper.connectRepository().connect(alice, Provider.GITHUB, REPO))
        .isInstanceOf(ConnectRepository.Result.Connected.class);
    return alice;
  }

  private RepositoryHook hook() {
    return mem.hooks()
        .findByRepository(
            mem.repositories().findByProviderId(Provider.GITHUB, 1296269).orElseThrow().id())
        .orElseThrow();
  }

  private IngestResult deliverFailedRun(Hookkeeper hookkeeper, long runId, String deliveryId) {
    RepositoryHook hook = hook();
    Instant at = mem.clock().instant();
    String body = "{\"run\":" + runId + "}";
    decoder.script(
        body,
        new DecodedEvent(
            "workflow_run",
            "completed",
            new ProviderRepoRef(1296269, REPO),
            dev.hookkeeper.core.usecase.UseCaseFixture.failed(runId, at)));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Secret secret = mem.cipher().decrypt(hook.secret(), RepositoryHook.secretContext(hook.id()));
    Map<String, List<String>> headers =
        ScriptedInboundDecoder.signedHeaders(
                "workflow_run", deliveryId, hook.providerHookId(), secret, bytes)
            .asMap();
    return hookkeeper.ingest(Provider.GITHUB, headers, bytes, "192.0.2.10");
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within 20 s");
      Thread.sleep(20);
    }
  }

  /** The queue, whose first look for due deletions waits until the test lets it go on. */
  private static final class BlockingCleanups implements HookCleanupQueue {
    private final HookCleanupQueue delegate;
    private final CountDownLatch started;
    private final CountDownLatch release;

    BlockingCleanups(HookCleanupQueue delegate, CountDownLatch started, CountDownLatch release) {
      this.delegate = delegate;
      this.started = started;
      this.release = release;
    }

    @Override
    public List<HookCleanup> due(Instant now, int limit) {
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException("interrupted: close must not interrupt a job under way", e);
      }
      return delegate.due(now, limit);
    }

    @Override
    public void enqueue(HookCleanup cleanup) {
      delegate.enqueue(cleanup);
    }

    @Override
    public Optional<HookCleanup> claim(String cleanupId) {
      return delegate.claim(cleanupId);
    }

    @Override
    public int cancel(Provider provider, String providerHookId) {
      return delegate.cancel(provider, providerHookId);
    }

    @Override
    public List<HookCleanup> listByTokenOwner(UserId tokenOwner) {
      return delegate.listByTokenOwner(tokenOwner);
    }

    @Override
    public void complete(String cleanupId) {
      delegate.complete(cleanupId);
    }

    @Override
    public void reschedule(
        String cleanupId, int attempts, Instant nextAttemptAt, String lastError) {
      delegate.reschedule(cleanupId, attempts, nextAttemptAt, lastError);
    }
  }
}
