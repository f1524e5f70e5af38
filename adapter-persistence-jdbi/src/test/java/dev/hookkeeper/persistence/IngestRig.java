package dev.hookkeeper.persistence;

import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.crypto.RandomSecretGenerator;
import dev.hookkeeper.core.ingest.IngestResult;
import dev.hookkeeper.core.ingest.IngestSettings;
import dev.hookkeeper.core.ingest.ProcessingListener;
import dev.hookkeeper.core.ingest.ProcessingSettings;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.Notifier;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.support.TimeOrderedIdGenerator;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi;
import dev.hookkeeper.core.usecase.UseCases;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The real core ingest ({@link UseCases}) on the JDBI stores, with {@link WorkflowRunTestDecoder}
 * and some connected repositories (each: its user, hook with a random secret, connection): what the
 * persistence tests and the ingest benchmark drive.
 */
final class IngestRig implements AutoCloseable {
  /** A real 22 kB GitHub delivery body (provenance in src/test/resources/fixtures/SOURCES.md). */
  static final String FIXTURE = "/fixtures/workflow_run.completed.json";

  /**
   * The fixture's run id, conclusion and hook id: what {@link #failingRun} rewrites, same length.
   */
  private static final byte[] RUN_ID = "\"id\": 289782451,".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] SUCCESS =
      "\"conclusion\": \"success\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FAILURE =
      "\"conclusion\": \"failure\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BRANCH =
      "\"head_branch\": \"master\"".getBytes(StandardCharsets.US_ASCII);

  static byte[] fixture() {
    try (java.io.InputStream in = IngestRig.class.getResourceAsStream(FIXTURE)) {
      if (in == null) throw new IllegalStateException("missing test resource " + FIXTURE);
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  final PersistenceModule stores;
  final UseCases useCases;
  final List<Target> targets = new ArrayList<>();

  /** One connected repository: where deliveries go. */
  record Target(User user, Repository repository, RepositoryHook hook, Secret secret) {}

  IngestRig(DataSource dataSource, IngestSettings settings, int repositories, Notifier notifier) {
    this(
        dataSource,
        settings,
        ProcessingSettings.DEFAULTS.withRetryBackoff(Duration.ofMillis(20)),
        repositories,
        notifier);
  }

  IngestRig(
      DataSource dataSource,
      IngestSettings settings,
      ProcessingSettings processing,
      int repositories,
      Notifier notifier) {
    SecretCipher cipher = TestCipher.random();
    stores = PersistenceModule.create(dataSource, cipher);
    Clock clock = Clock.systemUTC();
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
            notifier,
            stores.transactionRunner(),
            cipher,
            new RandomSecretGenerator(),
            new TimeOrderedIdGenerator(),
            clock);
    useCases =
        new UseCases(
            ports,
            new Providers(
                List.of(new FakeProviderHooksApi(Provider.GITHUB, clock)),
                List.of(new WorkflowRunTestDecoder())),
            new HookSettings(
                Map.of(Provider.GITHUB, "https://hooks.example.test/api/v2/webhooks/github"),
                Map.of(Provider.GITHUB, List.of("workflow_run"))),
            settings,
            processing,
            ProcessingListener.NONE);
    Fixtures fx = new Fixtures(stores);
    for (int i = 0; i < repositories; i++) {
      User user = fx.user();
      Repository repo = fx.repository();
      Secret secret = Secret.of("rig-secret-" + Fixtures.next() + "-" + Fixtures.next());
      RepositoryHook hook = fx.hook(repo, user, cipher, secret);
      fx.connection(user, repo);
      targets.add(new Target(user, repo, hook, secret));
    }
  }

  /** A signed GitHub delivery of {@code body} to the target's hook. */
  IngestResult deliver(Target target, String deliveryId, byte[] body) {
    Headers headers =
        Headers.single(
            WorkflowRunTestDecoder.EVENT,
            "workflow_run",
            WorkflowRunTestDecoder.DELIVERY,
            deliveryId,
            WorkflowRunTestDecoder.HOOK_ID,
            target.hook().providerHookId(),
            WorkflowRunTestDecoder.SIGNATURE,
            WorkflowRunTestDecoder.sign(target.secret(), body),
            "User-Agent",
            "GitHub-Hookshot/bench",
            "Content-Type",
            "application/json");
    return useCases
        .ingestDelivery()
        .ingest(Provider.GITHUB, new InboundRequest(headers, body, "127.0.0.1", Instant.now()));
  }

  /**
   * The fixture with its run id replaced by {@code runId} (nine digits, so the body keeps its exact
   * size) and its conclusion turned to failure: a new failing run.
   */
  static byte[] failingRun(byte[] fixture, long runId) {
    if (runId < 100_000_000L || runId > 999_999_999L)
      throw new IllegalArgumentException("runId must have 9 digits");
    byte[] body = fixture.clone();
    replace(body, RUN_ID, ("\"id\": " + runId + ",").getBytes(StandardCharsets.US_ASCII));
    replace(body, SUCCESS, FAILURE);
    return body;
  }

  /**
   * {@link #failingRun} on a branch of its own (six characters from the run id, same size), so that
   * every delivery opens a new incident instead of adding to the branch's open one.
   */
  static byte[] failingRunOnOwnBranch(byte[] fixture, long runId) {
    byte[] body = failingRun(fixture, runId);
    replace(
        body,
        BRANCH,
        ("\"head_branch\": \"" + branch(runId) + "\"").getBytes(StandardCharsets.US_ASCII));
    return body;
  }

  /**
   * {@link #failingRunOnOwnBranch} at the cost of one copy: the offsets of the run id and branch
   * are found once, so a benchmark's load generation does not eat the CPU it measures.
   */
  static final class FailingRuns {
    private final byte[] template;
    private final int runIdAt;
    private final int branchAt;

    FailingRuns(byte[] fixture) {
      this.template = failingRunOnOwnBranch(fixture, 100_000_000L);
      this.runIdAt =
          indexOf(template, "\"id\": 100000000,".getBytes(StandardCharsets.US_ASCII)) + 6;
      this.branchAt =
          indexOf(
                  template,
                  ("\"head_branch\": \"" + branch(100_000_000L) + "\"")
                      .getBytes(StandardCharsets.US_ASCII))
              + 16;
    }

    byte[] body(long runId, boolean ownBranch) {
      if (runId < 100_000_000L || runId > 999_999_999L)
        throw new IllegalArgumentException("runId must have 9 digits");
      byte[] body = template.clone();
      System.arraycopy(
          Long.toString(runId).getBytes(StandardCharsets.US_ASCII), 0, body, runIdAt, 9);
      byte[] branch = (ownBranch ? branch(runId) : "master").getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(branch, 0, body, branchAt, 6);
      return body;
    }
  }

  private static String branch(long runId) {
    return String.format("%6s", Long.toString(runId % 2_176_782_336L, 36)).replace(' ', '0');
  }

  private static int indexOf(byte[] body, byte[] what) {
    outer:
    for (int i = 0; i <= body.length - what.length; i++) {
      for (int j = 0; j < what.length; j++) if (body[i + j] != what[j]) continue outer;
      return i;
    }
    throw new IllegalArgumentException("not found: " + new String(what, StandardCharsets.US_ASCII));
  }

  private static void replace(byte[] body, byte[] what, byte[] with) {
    outer:
    for (int i = 0; i <= body.length - what.length; i++) {
      for (int j = 0; j < what.length; j++) if (body[i + j] != what[j]) continue outer;
      System.arraycopy(with, 0, body, i, with.length);
      return;
    }
    throw new IllegalArgumentException(
        "fixture changed: " + new String(what, StandardCharsets.US_ASCII) + " not found");
  }

  /**
   * Waits until the inbox is empty (every acknowledged delivery settled); false if it is not by
   * then.
   */
  boolean awaitProcessed(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (stores.inbox().backlog().pending() > 0) {
      if (System.nanoTime() > deadline) return false;
      Thread.sleep(20);
    }
    return true;
  }

  @Override
  public void close() {
    useCases.close();
  }
}
