package dev.hookkeeper.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.IncidentStore;
import dev.hookkeeper.core.port.TransactionRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of the ingest transaction on embedded PostgreSQL 17 (fsync and synchronous_commit
 * on), shaped like the core's DeliveryEffects: insert a 22 kB workflow_run delivery, mark the hook
 * delivered, read the repository's connections, upsert the run, read the repository, record the
 * failure as an incident, append a notification; one commit each. Not a test: run by hand with
 * the command in docs/performance.md. Each writer has its own user, repository and connection
 * (as deliveries for many repositories do); arguments: seconds per level, then writer counts.
 * {@code -Dbatch=N} ingests N deliveries per transaction (what batching commits would gain),
 * {@code -Dpool=N} sizes the pool, {@code -Dbody=path} replaces the 22 kB body.
 */
public final class IngestBenchmark {

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    List<Integer> levels = new ArrayList<>();
    for (int i = 1; i < args.length; i++) levels.add(Integer.parseInt(args[i]));
    if (levels.isEmpty()) levels = List.of(1, 8, 64);
    String bodyFile = System.getProperty("body");
    byte[] body = bodyFile == null ? IngestRig.fixture() : Files.readAllBytes(Path.of(bodyFile));
    int batch = Integer.getInteger("batch", 1);

    try (HikariDataSource ds = TestPostgres.migratedDatabase()) {
      // production defaults (10 connections) unless -Dpool=N
      PoolSettings settings = PoolSettings.DEFAULTS.withMaxPoolSize(Integer.getInteger("pool", 10));
      try (HikariDataSource pool = PostgresDataSource.create(ds.getJdbcUrl(), settings)) {
        PersistenceModule stores = PersistenceModule.create(pool, TestCipher.random());
        report("body bytes=" + body.length + " pool=" + settings.maxPoolSize() + " deliveries/tx=" + batch);
        for (int writers : levels) {
          run(stores, body, batch, writers, 2, false);
          double perSecond = run(stores, body, batch, writers, seconds, true);
          report(String.format("writers=%d seconds=%d tx/s=%.0f deliveries/s=%.0f",
              writers, seconds, perSecond, perSecond * batch));
        }
      }
    }
  }

  private static double run(PersistenceModule stores, byte[] body, int batch, int writers, int seconds,
      boolean measured)
      throws InterruptedException {
    List<Writer> all = new ArrayList<>();
    for (int i = 0; i < writers; i++) all.add(new Writer(stores, body));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong committed = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    CountDownLatch done = new CountDownLatch(writers);
    long started = System.nanoTime();
    for (Writer w : all) {
      Thread t = new Thread(() -> {
        try {
          while (!stop.get()) {
            try {
              w.ingest(batch);
              committed.incrementAndGet();
            } catch (RuntimeException e) {
              failed.incrementAndGet();
            }
          }
        } finally {
          done.countDown();
        }
      }, "ingest-writer");
      t.setDaemon(true);
      t.start();
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    done.await();
    double elapsed = (System.nanoTime() - started) / 1e9;
    if (measured && failed.get() > 0) report("  failed transactions: " + failed.get());
    return committed.get() / elapsed;
  }

  private static void report(String line) {
    System.out.println(line);
  }

  /** One writer: its own user, repository, hook and connection; a new run per delivery. */
  private static final class Writer {
    private final PersistenceModule stores;
    private final TransactionRunner tx;
    private final byte[] body;
    private final User user;
    private final RepositoryHook hook;
    private final Connection connection;
    private long n;

    Writer(PersistenceModule stores, byte[] body) {
      this.stores = stores;
      this.tx = stores.transactionRunner();
      this.body = body;
      Fixtures fx = new Fixtures(stores);
      this.user = fx.user();
      Repository repo = fx.repository();
      this.hook = fx.hook(repo, user, TestCipher.random(), Secret.of("bench-" + Fixtures.next()));
      this.connection = fx.connection(user, repo);
    }

    /** One transaction storing {@code batch} deliveries and their effects. */
    void ingest(int batch) {
      tx.inTransaction(() -> {
        for (int i = 0; i < batch; i++) ingestOne();
        return null;
      });
    }

    private void ingestOne() {
      long run = Fixtures.next();
      Instant now = Instant.now();
      Delivery delivery = new Delivery("dlv_" + run, Provider.GITHUB, hook.id(), hook.repositoryId(),
          "guid-" + run, "workflow_run", "completed", ProcessingStatus.PROCESSED, null,
          Headers.single("X-GitHub-Event", "workflow_run", "X-GitHub-Delivery", "guid-" + run,
              "X-Hub-Signature-256", "sha256=0000"), body, 250, now, now);
      RunSnapshot snapshot = new RunSnapshot(run, 1, "wf_161335", "CI", ++n, "main", "acda2d5", RunStatus.COMPLETED,
          RunConclusion.FAILURE, "https://github.com/o/r/actions/runs/" + run, "push", now, now, List.of());
      tx.inTransaction(() -> {
        if (!stores.deliveries().insert(delivery)) return null;
        stores.hooks().markDelivered(hook.id(), now);
        stores.connections().listByRepository(hook.repositoryId());
        if (stores.workflowRuns().upsert(new WorkflowRun(hook.repositoryId(), Provider.GITHUB, snapshot, now)).applied()) {
          stores.repositories().find(hook.repositoryId());
          stores.incidents().recordFailure(new IncidentStore.NewFailure(new IncidentId("inc_" + run), user.id(),
              connection.id(), hook.repositoryId(), "wf_161335", "CI", "main", IncidentOccurrence.of(snapshot, now), now));
          stores.notifications().append(new NotificationDraft(user.id(), NotificationType.WORKFLOW_RUN_UPDATED,
              Map.of("run", run, "conclusion", "failure"), now));
        }
        return null;
      });
    }
  }
}
