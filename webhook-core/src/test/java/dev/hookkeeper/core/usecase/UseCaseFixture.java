package dev.hookkeeper.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.Hookkeeper;
import dev.hookkeeper.core.config.ProviderAdapters;
import dev.hookkeeper.core.config.Stores;
import dev.hookkeeper.core.ingest.IngestResult;
import dev.hookkeeper.core.ingest.IngestSettings;
import dev.hookkeeper.core.ingest.ProcessingListener;
import dev.hookkeeper.core.ingest.ProcessingSettings;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi;
import dev.hookkeeper.core.testkit.InMemoryPorts;
import dev.hookkeeper.core.testkit.RacingProviderHooksApi;
import dev.hookkeeper.core.testkit.ScriptedInboundDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The use cases on the kit's in-memory stores and fake provider, plus a scripted decoder with real
 * HMAC verification: a whole Hookkeeper in memory.
 */
public final class UseCaseFixture {
  public static final String REPO = "octocat/Hello-World";
  public static final long REPO_ID = 1296269;
  public static final String URL = "https://hooks.example.com/api/v2/webhooks/github";
  public static final List<String> EVENTS =
      List.of("workflow_run", "workflow_job", "pull_request", "push", "repository", "meta");
  public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  public final InMemoryPorts stores;
  public final FakeProviderHooksApi github;
  public final RacingProviderHooksApi racingGithub;
  public final ScriptedInboundDecoder decoder = new ScriptedInboundDecoder(Provider.GITHUB);
  public final Hookkeeper useCases;

  public UseCaseFixture() {
    this(null);
  }

  /**
   * @param ports replaces in-memory stores, e.g. to wrap a store that fails
   */
  public UseCaseFixture(java.util.function.UnaryOperator<Stores> ports) {
    this(ports, IngestSettings.DEFAULTS);
  }

  /**
   * @param ingest how ingest appends. Processing runs on the test's thread: every {@code deliver}
   *     and {@code ingest} processes the inbox before it returns ({@link #ingestOnly} does not).
   */
  public UseCaseFixture(java.util.function.UnaryOperator<Stores> ports, IngestSettings ingest) {
    stores = new InMemoryPorts();
    github = new FakeProviderHooksApi(Provider.GITHUB, stores.clock());
    github.addRepository(REPO, REPO_ID);
    racingGithub = new RacingProviderHooksApi(github);
    Stores p = ports == null ? stores.stores() : ports.apply(stores.stores());
    useCases =
        stores
            .hookkeeper()
            .stores(p)
            .provider(ProviderAdapters.of(racingGithub, decoder))
            .ingestUrl(Provider.GITHUB, URL)
            .events(Provider.GITHUB, EVENTS)
            .ingest(ingest)
            .processing(
                ProcessingSettings.MANUAL.withRetryBackoff(Duration.ZERO), ProcessingListener.NONE)
            .build();
  }

  /** A user with a GitHub token that has {@code access} on every repository. */
  public UserId user(String login, AccessLevel access) {
    UserId id = useCases.createUser().create(login).user().id();
    Secret token = github.addToken(login, access);
    assertThat(useCases.storeProviderToken().store(id, Provider.GITHUB, token))
        .isInstanceOf(StoreProviderToken.Result.Stored.class);
    return id;
  }

  public ConnectionDetails connect(UserId user) {
    ConnectRepository.Result result =
        useCases.connectRepository().connect(user, Provider.GITHUB, REPO);
    assertThat(result).isInstanceOf(ConnectRepository.Result.Connected.class);
    return ((ConnectRepository.Result.Connected) result).details();
  }

  public ConnectionId connectionOf(UserId user) {
    return stores.connections().findByUserAndRepository(user, repository().id()).orElseThrow().id();
  }

  public Repository repository() {
    return stores.repositories().findByProviderId(Provider.GITHUB, REPO_ID).orElseThrow();
  }

  public RepositoryHook hook() {
    return stores.hooks().findByRepository(repository().id()).orElseThrow();
  }

  public Secret secretOf(RepositoryHook hook) {
    return stores.cipher().decrypt(hook.secret(), RepositoryHook.secretContext(hook.id()));
  }

  /** The provider's ping arrives: the hook is ACTIVE and the notifications so far are consumed. */
  public void activate() {
    assertThat(
            deliver("ping", new DomainEvent.Ping(hook().providerHookId(), "Design for failure.")))
        .isInstanceOf(IngestResult.Accepted.class);
    assertThat(hook().status()).isEqualTo(dev.hookkeeper.core.model.HookStatus.ACTIVE);
    stores.notifier().drain();
  }

  /** Delivers {@code meaning} signed with the hook's current secret, under a fresh delivery id. */
  public IngestResult deliver(String event, DomainEvent meaning) {
    return deliver(UUID.randomUUID().toString(), event, meaning);
  }

  public IngestResult deliver(String deliveryId, String event, DomainEvent meaning) {
    String body = body(event, meaning);
    return deliverBody(deliveryId, event, body, secretOf(hook()));
  }

  /**
   * Scripts what {@code meaning}'s body means and returns the body. Equal meanings share a body.
   */
  public String body(String event, DomainEvent meaning) {
    String body = "{\"event\":\"" + event + "\",\"meaning\":\"" + meaning + "\"}";
    decoder.script(
        body,
        new DecodedEvent(event, action(meaning), new ProviderRepoRef(REPO_ID, REPO), meaning));
    return body;
  }

  public IngestResult deliverBody(String deliveryId, String event, String body, Secret secret) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return ingest(
        ScriptedInboundDecoder.signedHeaders(
            event, deliveryId, hook().providerHookId(), secret, bytes),
        bytes);
  }

  /** Ingests, then processes the inbox. */
  public IngestResult ingest(Headers headers, byte[] body) {
    IngestResult result = ingestOnly(headers, body);
    processInbox();
    return result;
  }

  /** Ingests and leaves the delivery in the inbox. */
  public IngestResult ingestOnly(Headers headers, byte[] body) {
    return useCases
        .ingestDelivery()
        .ingest(
            Provider.GITHUB,
            new InboundRequest(headers, body, "192.0.2.10", stores.clock().instant()));
  }

  /**
   * Applies whatever is due in the inbox, on this thread; returns how many deliveries were settled.
   */
  public int processInbox() {
    return useCases.inboxProcessor().processDue();
  }

  /** The stored delivery of the repository with this provider delivery id. */
  public Delivery stored(String deliveryId) {
    return stores.deliveries().find(repository().id(), deliveryId).orElseThrow();
  }

  public static RunSnapshot run(
      long runId, int attempt, RunStatus status, RunConclusion conclusion, Instant updatedAt) {
    return run(runId, attempt, status, conclusion, T0, updatedAt);
  }

  public static RunSnapshot run(
      long runId,
      int attempt,
      RunStatus status,
      RunConclusion conclusion,
      Instant runCreatedAt,
      Instant updatedAt) {
    return new RunSnapshot(
        runId,
        attempt,
        "ci-42",
        "CI",
        runId,
        "main",
        "a".repeat(40),
        status,
        conclusion,
        "https://github.com/" + REPO + "/actions/runs/" + runId,
        "push",
        runCreatedAt,
        updatedAt,
        List.of());
  }

  public static DomainEvent.WorkflowRunChanged failed(long runId, Instant at) {
    return new DomainEvent.WorkflowRunChanged(
        run(runId, 1, RunStatus.COMPLETED, RunConclusion.FAILURE, at, at), List.of());
  }

  public static DomainEvent.WorkflowRunChanged succeeded(long runId, Instant at) {
    return new DomainEvent.WorkflowRunChanged(
        run(runId, 1, RunStatus.COMPLETED, RunConclusion.SUCCESS, at, at), List.of());
  }

  private static String action(DomainEvent meaning) {
    if (meaning instanceof DomainEvent.WorkflowRunChanged r) {
      return r.run().status() == RunStatus.COMPLETED ? "completed" : r.run().status().wireName();
    }
    return null;
  }
}
