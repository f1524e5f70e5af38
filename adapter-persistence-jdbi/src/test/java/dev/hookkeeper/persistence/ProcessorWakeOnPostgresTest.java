package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.crypto.RandomSecretGenerator;
import dev.hookkeeper.core.ingest.InboxProcessor;
import dev.hookkeeper.core.ingest.IngestResult;
import dev.hookkeeper.core.ingest.IngestSettings;
import dev.hookkeeper.core.ingest.ProcessingListener;
import dev.hookkeeper.core.ingest.ProcessingSettings;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.Inbox;
import dev.hookkeeper.core.support.TimeOrderedIdGenerator;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi;
import dev.hookkeeper.core.testkit.RecordingNotifier;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two processors of one process and one hot repository, on PostgreSQL: while one applies the
 * repository's deliveries, the other does not claim again on every append for that repository (each
 * claim that finds only held repositories costs PostgreSQL a scan of the inbox; under a steady
 * stream of appends the idle processor did nothing else, taking a core's worth of the database from
 * the one doing the work). It still looks at once for another repository's deliveries, and when the
 * holder's round ends.
 */
@Timeout(120)
class ProcessorWakeOnPostgresTest {
  /**
   * InboxProcessor's HELD_ELSEWHERE_NANOS: how long a repository is taken to be held by another
   * instance.
   */
  private static final long HELD_ELSEWHERE_MILLIS = 100;

  private HikariDataSource dataSource;

  @BeforeEach
  void database() {
    dataSource = TestPostgres.migratedDatabase();
  }

  @AfterEach
  void close() {
    dataSource.close();
  }

  @Test
  void
      an_idle_processor_waits_for_the_holder_of_a_hot_repository_instead_of_claiming_on_each_append()
          throws Exception {
    AtomicInteger claims = new AtomicInteger();
    AtomicBoolean hold = new AtomicBoolean(true);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (IngestRig rig =
        new IngestRig(
            dataSource,
            IngestSettings.DEFAULTS,
            ProcessingSettings.MANUAL,
            2,
            new RecordingNotifier())) {
      IngestRig.Target hot = rig.targets.get(0);
      IngestRig.Target other = rig.targets.get(1);
      byte[] fixture = IngestRig.fixture();
      for (int i = 0; i < 3; i++) {
        assertThat(rig.deliver(hot, "hot-" + i, IngestRig.failingRun(fixture, 600_000_000L + i)))
            .isInstanceOf(IngestResult.Accepted.class);
      }
      HookId hotHook = hot.hook().id();
      Ports ports =
          ports(
              rig.stores,
              counting(rig.stores.inbox(), claims),
              holding(rig.stores.hooks(), hotHook, hold, entered, release));
      try (InboxProcessor processor =
          new InboxProcessor(
              ports,
              new Providers(
                  List.of(new FakeProviderHooksApi(Provider.GITHUB, Clock.systemUTC())),
                  List.of(new WorkflowRunTestDecoder())),
              ProcessingSettings.MANUAL.withProcessors(2).withPollInterval(Duration.ofHours(1)),
              id -> {},
              ProcessingListener.NONE)) {
        processor.start();
        // one processor holds the hot repository (inside its transaction); the other's first claim
        // found nothing it could take, and it waits
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        awaitAtLeast(claims, 2);
        int before = claims.get();

        for (int i = 0; i < 20; i++) {
          processor.wake(
              List.of(hot.repository().id())); // what an append for the hot repository does
          Thread.sleep(10);
        }
        Thread.sleep(500);
        int duringHold = claims.get() - before;

        processor.wake(List.of(other.repository().id()));
        awaitAtLeast(claims, before + duringHold + 1);
        int forOther = claims.get() - before - duringHold;

        hold.set(false);
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (rig.stores.inbox().backlog().pending() > 0 && System.nanoTime() < deadline)
          Thread.sleep(50);

        assertThat(duringHold)
            .as("claims while the hot repository was held, after 20 appends for it")
            .isZero();
        assertThat(forOther).as("another repository's delivery is looked for at once").isPositive();
        assertThat(rig.stores.inbox().backlog().pending())
            .as("processed once the holder went on")
            .isZero();
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void
      a_processor_of_another_instance_does_not_claim_on_each_append_for_a_repository_held_elsewhere()
          throws Exception {
    AtomicInteger claims = new AtomicInteger();
    AtomicBoolean hold = new AtomicBoolean(true);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (IngestRig rig =
        new IngestRig(
            dataSource,
            IngestSettings.DEFAULTS,
            ProcessingSettings.MANUAL,
            1,
            new RecordingNotifier())) {
      IngestRig.Target hot = rig.targets.get(0);
      byte[] fixture = IngestRig.fixture();
      for (int i = 0; i < 3; i++) {
        assertThat(rig.deliver(hot, "held-" + i, IngestRig.failingRun(fixture, 610_000_000L + i)))
            .isInstanceOf(IngestResult.Accepted.class);
      }
      Providers providers =
          new Providers(
              List.of(new FakeProviderHooksApi(Provider.GITHUB, Clock.systemUTC())),
              List.of(new WorkflowRunTestDecoder()));
      ProcessingSettings one =
          ProcessingSettings.MANUAL.withProcessors(1).withPollInterval(Duration.ofHours(1));
      // instance A holds the hot repository inside its transaction; instance B only counts its
      // claims
      Ports onA =
          ports(
              rig.stores,
              rig.stores.inbox(),
              holding(rig.stores.hooks(), hot.hook().id(), hold, entered, release));
      Ports onB = ports(rig.stores, counting(rig.stores.inbox(), claims), rig.stores.hooks());
      try (InboxProcessor a =
              new InboxProcessor(onA, providers, one, id -> {}, ProcessingListener.NONE);
          InboxProcessor b =
              new InboxProcessor(onB, providers, one, id -> {}, ProcessingListener.NONE)) {
        a.start();
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        b.start(); // its first round finds the repository held
        awaitAtLeast(claims, 1);
        int before = claims.get();

        long began = System.nanoTime();
        for (int i = 0; i < 20; i++) {
          b.wake(List.of(hot.repository().id())); // what an append on B for the hot repository does
          Thread.sleep(30);
        }
        long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        int duringHold = claims.get() - before;

        hold.set(false);
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (rig.stores.inbox().backlog().pending() > 0 && System.nanoTime() < deadline)
          Thread.sleep(50);

        // one look per hold period at most (plus one), never one per append
        long bound = heldMillis / HELD_ELSEWHERE_MILLIS + 1;
        assertThat(duringHold)
            .as("claims on B in %d ms of 20 appends for a repository A holds", heldMillis)
            .isLessThanOrEqualTo((int) Math.min(bound, 10))
            .isPositive();
        assertThat(rig.stores.inbox().backlog().pending())
            .as("processed once the holder went on")
            .isZero();
      } finally {
        release.countDown();
      }
    }
  }

  private static void awaitAtLeast(AtomicInteger counter, int value) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (counter.get() < value && System.nanoTime() < deadline) Thread.sleep(10);
  }

  private static Ports ports(PersistenceModule stores, Inbox inbox, HookStore hooks) {
    Clock clock = Clock.systemUTC();
    return new Ports(
        stores.users(),
        stores.tokenVault(),
        stores.repositories(),
        hooks,
        stores.connections(),
        stores.deliveries(),
        inbox,
        stores.workflowRuns(),
        stores.incidents(),
        stores.notifications(),
        stores.hookCleanups(),
        stores.hookEvents(),
        stores.reconcileSchedule(),
        new RecordingNotifier(),
        stores.transactionRunner(),
        TestCipher.random(),
        new RandomSecretGenerator(),
        new TimeOrderedIdGenerator(),
        clock);
  }

  /** The inbox, counting the claims of due deliveries. */
  private static Inbox counting(Inbox real, AtomicInteger claims) {
    return proxy(
        Inbox.class,
        real,
        (method, args) -> {
          if (method.getName().equals("claimDue")) claims.incrementAndGet();
        });
  }

  /** The hook store, whose reads of {@code held} wait for {@code release} while {@code hold}. */
  private static HookStore holding(
      HookStore real,
      HookId held,
      AtomicBoolean hold,
      CountDownLatch entered,
      CountDownLatch release) {
    return proxy(
        HookStore.class,
        real,
        (method, args) -> {
          if (method.getName().equals("find") && hold.get() && held.equals(args[0])) {
            entered.countDown();
            release.await(60, TimeUnit.SECONDS);
          }
        });
  }

  private interface Before {
    void call(java.lang.reflect.Method method, Object[] args) throws Exception;
  }

  private static <T> T proxy(Class<T> type, T real, Before before) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) -> {
              before.call(method, args);
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }
}
