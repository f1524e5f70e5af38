package dev.hookkeeper.core.usecase;

import static dev.hookkeeper.core.usecase.UseCaseFixture.T0;
import static dev.hookkeeper.core.usecase.UseCaseFixture.failed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.NotificationStore;
import dev.hookkeeper.core.port.StoreUnavailableException;
import dev.hookkeeper.core.port.TransactionRunner;
import dev.hookkeeper.core.port.WorkflowRunStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Group commit on the in-memory stores. A gate on the transaction runner holds the single writer
 * inside a first transaction while the deliveries under test queue up, so they provably share the
 * next transaction.
 */
@Timeout(60)
class GroupCommitTest {
  private static final IngestSettings ONE_WRITER = new IngestSettings(1, 64);

  private final GatedTransactionRunner gated = new GatedTransactionRunner();
  private final AtomicBoolean storeDown = new AtomicBoolean();
  private final ExecutorService callers = Executors.newFixedThreadPool(80);
  private UseCaseFixture f;
  private UserId alice;

  private void start(UnaryOperator<Ports> ports, IngestSettings settings) {
    f = new UseCaseFixture(p -> {
      Ports replaced = ports.apply(p);
      gated.delegate = replaced.tx();
      return new Ports(replaced.users(), replaced.tokens(), replaced.repositories(), replaced.hooks(),
          replaced.connections(), replaced.deliveries(), replaced.runs(), replaced.incidents(),
          replaced.notifications(), replaced.cleanups(), replaced.notifier(), gated, replaced.cipher(),
          replaced.secrets(), replaced.ids(), replaced.clock());
    }, settings);
    alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);
    f.stores.notifier().drain();
  }

  @AfterEach
  void stop() {
    gated.open();
    if (f != null) f.useCases.close();
    callers.shutdownNow();
  }

  @Test
  void sixty_four_concurrent_callers_each_get_their_own_committed_result() throws Exception {
    start(UnaryOperator.identity(), IngestSettings.DEFAULTS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<IngestResult>> results = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      int n = i;
      results.add(callers.submit(() -> {
        go.await();
        return f.deliver("d-" + n, "workflow_run", failed(5000 + n, T0));
      }));
    }
    go.countDown();

    for (int i = 0; i < 64; i++) {
      IngestResult r = results.get(i).get(30, TimeUnit.SECONDS);
      assertThat(r).isInstanceOf(IngestResult.Processed.class);
      assertThat(((IngestResult.Processed) r).delivery().deliveryId()).isEqualTo("d-" + i);
      assertThat(f.stores.deliveries().find(f.repository().id(), "d-" + i)).isPresent();
    }
    assertThat(f.stores.runs().listByRepository(f.repository().id(), PageRequest.first(100)).items()).hasSize(64);
    Incident incident = f.useCases.listIncidents().list(alice, null, PageRequest.first(10)).items().get(0);
    assertThat(incident.occurrences()).hasSize(64);
    List<Notification> pushed = f.stores.notifier().drain();
    assertThat(pushed).filteredOn(n -> n.type() == NotificationType.WORKFLOW_RUN_UPDATED).hasSize(64);
    assertThat(pushed).filteredOn(n -> n.type() == NotificationType.INCIDENT_OPENED).hasSize(1);
    assertThat(f.useCases.catchUpNotifications().after(alice, 0, 1000))
        .filteredOn(n -> n.type() != NotificationType.WEBHOOK_STATUS_CHANGED).hasSize(65);
  }

  @Test
  void deliveries_queued_together_share_one_transaction() throws Exception {
    start(UnaryOperator.identity(), ONE_WRITER);
    Future<IngestResult> blocker = holdTheWriter();
    List<Future<IngestResult>> results = queue(40, n -> f.deliver("d-" + n, "workflow_run", failed(6000 + n, T0)));
    int before = gated.transactions.get();

    gated.open();

    assertThat(blocker.get(30, TimeUnit.SECONDS)).isInstanceOf(IngestResult.Processed.class);
    for (Future<IngestResult> r : results) assertThat(r.get(30, TimeUnit.SECONDS)).isInstanceOf(IngestResult.Processed.class);
    assertThat(gated.transactions.get() - before).as("one transaction for the 40 queued").isEqualTo(1);
    assertThat(f.stores.deliveries().stats(f.hook().id()).total()).isEqualTo(41);
    assertThat(f.hook().lastDeliveryAt()).isEqualTo(f.stores.clock().instant());
  }

  @Test
  void copies_of_one_delivery_inside_one_batch_have_one_effect() throws Exception {
    start(UnaryOperator.identity(), ONE_WRITER);
    Future<IngestResult> blocker = holdTheWriter();
    String body = f.body("workflow_run", failed(7001, T0));
    Secret secret = f.secretOf(f.hook());
    List<Future<IngestResult>> copies = queue(16, n -> f.deliverBody("d-storm", "workflow_run", body, secret));
    List<Future<IngestResult>> others = queue(8, n -> f.deliver("d-other-" + n, "workflow_run", failed(7100 + n, T0)));

    gated.open();

    blocker.get(30, TimeUnit.SECONDS);
    int processed = 0;
    int duplicates = 0;
    for (Future<IngestResult> r : copies) {
      IngestResult result = r.get(30, TimeUnit.SECONDS);
      if (result instanceof IngestResult.Processed) processed++;
      if (result instanceof IngestResult.Duplicate d) {
        duplicates++;
        assertThat(d.deliveryId()).isEqualTo("d-storm");
      }
    }
    assertThat(processed).isEqualTo(1);
    assertThat(duplicates).isEqualTo(15);
    for (Future<IngestResult> r : others) assertThat(r.get(30, TimeUnit.SECONDS)).isInstanceOf(IngestResult.Processed.class);
    assertThat(f.stores.deliveries().stats(f.hook().id()).total()).isEqualTo(1 + 1 + 8);
    Incident incident = f.useCases.listIncidents().list(alice, null, PageRequest.first(10)).items().get(0);
    assertThat(incident.occurrences()).extracting(o -> o.providerRunId()).filteredOn(id -> id == 7001L).hasSize(1);
    assertThat(f.stores.notifier().drain())
        .filteredOn(n -> n.type() == NotificationType.WORKFLOW_RUN_UPDATED && n.data().get("run_id").equals(7001L))
        .hasSize(1);
  }

  @Test
  void a_run_state_repeated_inside_one_batch_reaches_the_run_store_once_and_has_one_effect() throws Exception {
    PoisonedRunStore[] runs = new PoisonedRunStore[1];
    start(p -> withRuns(p, runs[0] = new PoisonedRunStore(p.runs(), -1)), ONE_WRITER);
    Future<IngestResult> blocker = holdTheWriter();
    String body = f.body("workflow_run", failed(7500, T0));
    Secret secret = f.secretOf(f.hook());
    // replays: the same body under new delivery ids, each stored, the run changed once
    List<Future<IngestResult>> replays = queue(20, n -> f.deliverBody("d-replay-" + n, "workflow_run", body, secret));
    int before = runs[0].upserts.get();

    gated.open();

    blocker.get(30, TimeUnit.SECONDS);
    for (Future<IngestResult> r : replays) assertThat(r.get(30, TimeUnit.SECONDS)).isInstanceOf(IngestResult.Processed.class);
    assertThat(runs[0].upserts.get() - before).as("the blocker's run, then the batch's one").isEqualTo(2);
    assertThat(f.stores.deliveries().stats(f.hook().id()).total()).isEqualTo(21);
    assertThat(f.stores.notifier().drain())
        .filteredOn(n -> n.type() == NotificationType.WORKFLOW_RUN_UPDATED && n.data().get("run_id").equals(7500L))
        .hasSize(1);
    assertThat(f.stores.runs().find(f.repository().id(), 7500, 1)).isPresent();
  }

  @Test
  void a_poisoned_delivery_among_good_ones_alone_is_stored_as_failed() throws Exception {
    start(p -> withRuns(p, new PoisonedRunStore(p.runs(), 666)), ONE_WRITER);
    Future<IngestResult> blocker = holdTheWriter();
    List<Future<IngestResult>> good = queue(10, n -> f.deliver("d-good-" + n, "workflow_run", failed(8000 + n, T0)));
    List<Future<IngestResult>> poisoned = queue(1, n -> f.deliver("d-poison", "workflow_run", failed(666, T0)));

    gated.open();

    blocker.get(30, TimeUnit.SECONDS);
    for (Future<IngestResult> r : good) assertThat(r.get(30, TimeUnit.SECONDS)).isInstanceOf(IngestResult.Processed.class);
    IngestResult bad = poisoned.get(0).get(30, TimeUnit.SECONDS);
    assertThat(bad).isInstanceOf(IngestResult.Stored.class);
    assertThat(((IngestResult.Stored) bad).why()).startsWith("processing failed").contains("poisoned run 666");
    assertThat(f.stores.deliveries().find(f.repository().id(), "d-poison").orElseThrow().status())
        .isEqualTo(ProcessingStatus.FAILED);
    for (int n = 0; n < 10; n++) {
      assertThat(f.stores.deliveries().find(f.repository().id(), "d-good-" + n).orElseThrow().status())
          .isEqualTo(ProcessingStatus.PROCESSED);
    }
    assertThat(f.stores.runs().listByRepository(f.repository().id(), PageRequest.first(100)).items())
        .extracting(r -> r.snapshot().providerRunId()).doesNotContain(666L).hasSize(11);
    assertThat(f.stores.notifier().drain())
        .filteredOn(n -> n.type() == NotificationType.WORKFLOW_RUN_UPDATED).hasSize(11);
  }

  @Test
  void when_the_store_goes_down_every_queued_caller_fails_and_nothing_is_half_stored() throws Exception {
    start(p -> withNotifications(p, new FlakyNotificationStore(p.notifications(), storeDown)), ONE_WRITER);
    storeDown.set(true);
    Future<IngestResult> blocker = holdTheWriter();
    List<Future<IngestResult>> results = queue(12, n -> f.deliver("d-" + n, "workflow_run", failed(9000 + n, T0)));

    gated.open();

    for (Future<IngestResult> r : concat(List.of(blocker), results)) {
      assertThatThrownBy(() -> r.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreUnavailableException.class);
    }
    assertThat(f.stores.deliveries().stats(f.hook().id()).total()).isZero();
    assertThat(f.hook().lastDeliveryAt()).isNull();
    assertThat(f.stores.runs().listByRepository(f.repository().id(), PageRequest.first(10)).items()).isEmpty();
    assertThat(f.useCases.listIncidents().list(alice, null, PageRequest.first(10)).items()).isEmpty();
    f.stores.notifier().assertExhausted();

    storeDown.set(false);
    assertThat(f.deliver("d-0", "workflow_run", failed(9000, T0))).as("the provider's redelivery")
        .isInstanceOf(IngestResult.Processed.class);
  }

  @Test
  void deliveries_that_waited_past_the_limit_are_refused_unstored_so_answers_come_in_time() throws Exception {
    start(UnaryOperator.identity(),
        new IngestSettings(1, 64, IngestSettings.DEFAULT_HOOK_CACHE_TTL, Duration.ofMillis(300), 1));
    Future<IngestResult> blocker = holdTheWriter();
    List<Future<IngestResult>> stale = queue(5, n -> f.deliver("stale-" + n, "workflow_run", failed(9700 + n, T0)));
    Thread.sleep(600);

    gated.open();

    assertThat(blocker.get(10, TimeUnit.SECONDS)).as("taken in time").isInstanceOf(IngestResult.Processed.class);
    for (Future<IngestResult> r : stale) {
      assertThatThrownBy(() -> r.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreUnavailableException.class);
    }
    for (int n = 0; n < 5; n++) assertThat(f.stores.deliveries().find(f.repository().id(), "stale-" + n)).isEmpty();
    assertThat(f.deliver("stale-0", "workflow_run", failed(9700, T0))).as("the provider's redelivery")
        .isInstanceOf(IngestResult.Processed.class);
  }

  @Test
  void close_commits_what_is_queued_then_refuses_new_deliveries() throws Exception {
    start(UnaryOperator.identity(), ONE_WRITER);
    Future<IngestResult> blocker = holdTheWriter();
    List<Future<IngestResult>> queued = queue(10, n -> f.deliver("d-" + n, "workflow_run", failed(9500 + n, T0)));
    Thread closer = new Thread(f.useCases::close, "closer");
    closer.start();
    while (closer.getState() != Thread.State.TIMED_WAITING && closer.isAlive()) Thread.onSpinWait();

    assertThatThrownBy(() -> f.deliver("d-late", "workflow_run", failed(9600, T0)))
        .isInstanceOf(IllegalStateException.class);
    gated.open();
    closer.join(30_000);

    assertThat(closer.isAlive()).isFalse();
    assertThat(blocker.get(1, TimeUnit.SECONDS)).isInstanceOf(IngestResult.Processed.class);
    for (Future<IngestResult> r : queued) assertThat(r.get(1, TimeUnit.SECONDS)).isInstanceOf(IngestResult.Processed.class);
    assertThat(f.stores.deliveries().find(f.repository().id(), "d-late")).isEmpty();
    assertThat(f.useCases.ingestDelivery().commitThreadsAlive()).isZero();
    f.useCases.close(); // idempotent
  }

  /** Sends one delivery and waits until the writer holds it inside the (closed) gate. */
  private Future<IngestResult> holdTheWriter() throws InterruptedException {
    gated.close();
    Future<IngestResult> blocker = callers.submit(() -> f.deliver("d-blocker", "workflow_run", failed(4242, T0)));
    assertThat(gated.entered.await(10, TimeUnit.SECONDS)).as("writer inside the gate").isTrue();
    return blocker;
  }

  /** Starts {@code count} callers and waits until all of them are queued for the writer. */
  private List<Future<IngestResult>> queue(int count, java.util.function.IntFunction<IngestResult> send)
      throws InterruptedException {
    int before = f.useCases.ingestDelivery().queuedForCommit();
    List<Future<IngestResult>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = i;
      futures.add(callers.submit(() -> send.apply(n)));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (f.useCases.ingestDelivery().queuedForCommit() < before + count) {
      if (System.nanoTime() > deadline) throw new AssertionError("callers did not queue");
      Thread.sleep(1);
    }
    return futures;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Ports withRuns(Ports p, WorkflowRunStore runs) {
    return new Ports(p.users(), p.tokens(), p.repositories(), p.hooks(), p.connections(), p.deliveries(), runs,
        p.incidents(), p.notifications(), p.cleanups(), p.notifier(), p.tx(), p.cipher(), p.secrets(), p.ids(),
        p.clock());
  }

  private static Ports withNotifications(Ports p, NotificationStore notifications) {
    return new Ports(p.users(), p.tokens(), p.repositories(), p.hooks(), p.connections(), p.deliveries(), p.runs(),
        p.incidents(), notifications, p.cleanups(), p.notifier(), p.tx(), p.cipher(), p.secrets(), p.ids(),
        p.clock());
  }

  /** Passes transactions through, except that a closed gate holds them until opened. */
  private static final class GatedTransactionRunner implements TransactionRunner {
    volatile TransactionRunner delegate;
    final AtomicInteger transactions = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    private volatile CountDownLatch gate;

    void close() {
      gate = new CountDownLatch(1);
    }

    void open() {
      CountDownLatch g = gate;
      gate = null;
      if (g != null) g.countDown();
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
      transactions.incrementAndGet();
      CountDownLatch g = gate;
      if (g != null) {
        entered.countDown();
        try {
          if (!g.await(30, TimeUnit.SECONDS)) throw new AssertionError("gate never opened");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
      return delegate.inTransaction(work);
    }
  }

  /** A notification store whose database is unreachable while {@code down} is set. */
  private static final class FlakyNotificationStore implements NotificationStore {
    private final NotificationStore delegate;
    private final AtomicBoolean down;

    FlakyNotificationStore(NotificationStore delegate, AtomicBoolean down) {
      this.delegate = delegate;
      this.down = down;
    }

    @Override
    public Notification append(NotificationDraft draft) {
      if (down.get()) throw new StoreUnavailableException("database unavailable", null);
      return delegate.append(draft);
    }

    @Override
    public List<Notification> listAfter(UserId userId, long afterId, int limit) {
      return delegate.listAfter(userId, afterId, limit);
    }

    @Override
    public long latestId(UserId userId) {
      return delegate.latestId(userId);
    }

    @Override
    public int purgeCreatedBefore(java.time.Instant cutoff, int batchSize) {
      return delegate.purgeCreatedBefore(cutoff, batchSize);
    }
  }
}
