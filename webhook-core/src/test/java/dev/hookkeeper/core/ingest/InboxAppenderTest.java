package dev.hookkeeper.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.InboxBacklog;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.port.Inbox;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The group commit: a batch held open for a commit in flight, and when it is not. */
class InboxAppenderTest {
  private static final long LONG_HOLD = TimeUnit.SECONDS.toNanos(60);

  private final GatedInbox inbox = new GatedInbox();
  private InboxAppender appender;

  @AfterEach
  void close() {
    inbox.firstCommit.countDown();
    if (appender != null) appender.close();
  }

  @Test
  void deliveries_arriving_during_a_commit_share_the_next_one_instead_of_a_commit_beside_it()
      throws Exception {
    appender = new InboxAppender(inbox, 2, 64, stored -> {}, LONG_HOLD);
    AppendUnit first = submit("d0");
    await(() -> inbox.entered.get() == 1, "the first commit is in flight");

    List<AppendUnit> later = new ArrayList<>();
    later.add(submit("d1"));
    await(appender::holding, "the second writer holds its batch open");
    for (int i = 2; i <= 5; i++) later.add(submit("d" + i));
    assertThat(inbox.entered.get()).as("no second commit beside the first").isEqualTo(1);

    inbox.firstCommit.countDown();
    assertThat(first.stored().get(30, TimeUnit.SECONDS)).isTrue();
    for (AppendUnit u : later) assertThat(u.stored().get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(inbox.batches).containsExactly(List.of("d0"), List.of("d1", "d2", "d3", "d4", "d5"));
    assertThat(inbox.mostInFlight.get()).isEqualTo(1);
  }

  @Test
  void half_a_batch_waiting_starts_a_commit_beside_the_one_in_flight() throws Exception {
    appender = new InboxAppender(inbox, 2, 8, stored -> {}, LONG_HOLD);
    submit("d0");
    await(() -> inbox.entered.get() == 1, "the first commit is in flight");
    List<AppendUnit> later = new ArrayList<>();
    later.add(submit("d1"));
    await(appender::holding, "the second writer holds its batch open");
    for (int i = 2; i <= 4; i++) later.add(submit("d" + i)); // four of a batch of eight: half

    for (AppendUnit u : later) assertThat(u.stored().get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(inbox.firstCommit.getCount()).as("the first commit still in flight").isEqualTo(1);
    assertThat(inbox.mostInFlight.get()).isEqualTo(2);
    assertThat(inbox.batches).containsExactly(List.of("d1", "d2", "d3", "d4"));
  }

  @Test
  void a_commit_slower_than_the_hold_limit_is_not_waited_for() throws Exception {
    appender = new InboxAppender(inbox, 2, 64, stored -> {}, TimeUnit.MILLISECONDS.toNanos(200));
    submit("d0");
    await(() -> inbox.entered.get() == 1, "the first commit is in flight");

    AppendUnit held = submit("d1");
    assertThat(held.stored().get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(inbox.firstCommit.getCount()).as("the first commit still in flight").isEqualTo(1);
    assertThat(inbox.batches).containsExactly(List.of("d1"));
  }

  @Test
  void alone_a_delivery_commits_at_once_with_one_writer_or_two() throws Exception {
    inbox.firstCommit.countDown();
    for (int writers : new int[] {1, 2}) {
      try (InboxAppender a = new InboxAppender(inbox, writers, 64, stored -> {}, LONG_HOLD)) {
        for (int i = 0; i < 3; i++) {
          AppendUnit u =
              a.submit(
                  delivery("w" + writers + "-" + i),
                  System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
          assertThat(u.stored().get(30, TimeUnit.SECONDS)).isTrue();
        }
      }
    }
    assertThat(inbox.batches).hasSize(6).allSatisfy(b -> assertThat(b).hasSize(1));
    assertThat(inbox.mostInFlight.get()).isEqualTo(1);
  }

  private AppendUnit submit(String deliveryId) {
    return appender.submit(delivery(deliveryId), System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
  }

  private static Delivery delivery(String deliveryId) {
    return Delivery.received(
        "dlv_" + deliveryId,
        Provider.GITHUB,
        new HookId("hook_1"),
        new RepositoryId("repo_1"),
        deliveryId,
        "workflow_run",
        Headers.single("X-GitHub-Delivery", deliveryId),
        "{}".getBytes(StandardCharsets.UTF_8),
        Instant.parse("2026-12-07T00:00:00Z"));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(until);
      Thread.sleep(5);
    }
  }

  /**
   * Records each append; the first one waits until released, as a commit in flight. The appender
   * calls nothing but {@code append}: any other call fails the test.
   */
  private static final class GatedInbox implements Inbox {
    final CountDownLatch firstCommit = new CountDownLatch(1);
    final AtomicInteger entered = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final List<List<String>> batches = new CopyOnWriteArrayList<>();

    @Override
    public boolean[] append(List<Delivery> deliveries) {
      boolean first = entered.incrementAndGet() == 1;
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        if (first) firstCommit.await(60, TimeUnit.SECONDS);
        else batches.add(deliveries.stream().map(Delivery::deliveryId).toList());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
      if (first) batches.add(0, deliveries.stream().map(Delivery::deliveryId).toList());
      boolean[] fresh = new boolean[deliveries.size()];
      Arrays.fill(fresh, true);
      return fresh;
    }

    @Override
    public List<Delivery> claimDue(Instant now, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Delivery> claim(String id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void settle(List<Settlement> settlements) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void retryLater(String id, int attempts, Instant at, String error) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Requeue requeue(RepositoryId repositoryId, String id, Instant at) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int requeueMatching(
        RepositoryId repositoryId, ReplayFilter filter, Instant at, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public InboxBacklog backlog() {
      throw new UnsupportedOperationException();
    }
  }
}
