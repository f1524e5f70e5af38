package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryProcessing;
import dev.hookkeeper.core.model.DeliverySource;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.port.Inbox;
import dev.hookkeeper.core.port.Inbox.ReplayFilter;
import dev.hookkeeper.core.port.Inbox.Requeue;
import dev.hookkeeper.core.port.Inbox.Settlement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Inbox} must do. The store is shared by the class's tests, so each test works on
 * its own repositories and claims with a time ({@code NOW_*}) that only its own rows are due at —
 * the other tests' rows are due at {@link #T0}-relative times far earlier, so tests that claim look
 * only at their own repositories' rows.
 */
public abstract class InboxContract extends StoreContractSupport {
  /**
   * Claims far in the future: every received row of every test is due. Tests filter by repository.
   */
  private static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");

  private Inbox inbox() {
    return stores().inbox();
  }

  private RepositoryHook hook() {
    return newHook(newRepository(), newUser());
  }

  /**
   * Claims and settles (as processed) every due row of other repositories, so only the test's own
   * remain.
   */
  private List<Delivery> claimDueOf(RepositoryHook hook, Instant now, int limit) {
    return stores()
        .tx()
        .inTransaction(
            () ->
                inbox().claimDue(now, limit).stream()
                    .filter(d -> d.repositoryId().equals(hook.repositoryId()))
                    .toList());
  }

  private void drainOthers(Instant now) {
    stores()
        .tx()
        .inTransaction(
            () -> {
              List<Delivery> all;
              while (!(all = inbox().claimDue(now, 500)).isEmpty()) {
                inbox()
                    .settle(
                        all.stream()
                            .map(
                                d ->
                                    new Settlement(
                                        d.id(), ProcessingStatus.PROCESSED, null, null, 1, now))
                            .toList());
              }
              return null;
            });
  }

  private void settle(Delivery d, ProcessingStatus status, Instant at) {
    stores()
        .tx()
        .inTransaction(
            () -> {
              assertThat(inbox().claim(d.id())).isPresent();
              inbox().settle(List.of(new Settlement(d.id(), status, "completed", null, 1, at)));
              return null;
            });
  }

  @Test
  void appends_received_deliveries_with_their_body() {
    RepositoryHook hook = hook();
    Delivery d = delivery(hook, uniqueId("gh"), t(1));

    assertThat(inbox().append(List.of(d))).containsExactly(true);

    Delivery found = stores().deliveries().find(hook.repositoryId(), d.deliveryId()).orElseThrow();
    assertThat(found.id()).isEqualTo(d.id());
    assertThat(found.body()).isEqualTo(d.body());
    assertThat(found.headers()).isEqualTo(d.headers());
    assertThat(found.processing()).isEqualTo(DeliveryProcessing.RECEIVED);
  }

  @Test
  void a_caught_up_run_is_stored_with_its_source_and_claimed_like_any_delivery() {
    RepositoryHook hook = hook();
    String key = uniqueId("catch-up");
    Delivery d =
        Delivery.caughtUp(
            uniqueId("dlv"),
            hook.provider(),
            hook.id(),
            hook.repositoryId(),
            key,
            "workflow_run",
            "{\"format\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            t(1));

    assertThat(inbox().append(List.of(d))).containsExactly(true);
    assertThat(inbox().append(List.of(d))).as("one state is caught up once").containsExactly(false);

    Delivery found = stores().deliveries().find(hook.repositoryId(), key).orElseThrow();
    assertThat(found.source()).isEqualTo(DeliverySource.CATCH_UP);
    assertThat(
            stores()
                .deliveries()
                .listByRepository(hook.repositoryId(), PageRequest.first(5))
                .items())
        .singleElement()
        .satisfies(e -> assertThat(e.source()).isEqualTo(DeliverySource.CATCH_UP));
    stores()
        .tx()
        .inTransaction(
            () -> {
              assertThat(inbox().claim(d.id()))
                  .hasValueSatisfying(
                      c -> assertThat(c.source()).isEqualTo(DeliverySource.CATCH_UP));
              return null;
            });
    assertThat(
            stores().deliveries().find(hook.repositoryId(), delivery(hook, "w", t(2)).deliveryId()))
        .isEmpty();
  }

  @Test
  void a_delivery_id_counts_once_per_hook() {
    RepositoryHook hook = hook();
    String deliveryId = uniqueId("gh");
    Delivery first = delivery(hook, deliveryId, t(1));

    assertThat(inbox().append(List.of(first))).containsExactly(true);
    assertThat(inbox().append(List.of(delivery(hook, deliveryId, t(2))))).containsExactly(false);

    assertThat(stores().deliveries().find(hook.repositoryId(), deliveryId).orElseThrow().id())
        .isEqualTo(first.id());
    assertThat(inbox().append(List.of(delivery(hook(), deliveryId, t(3)))))
        .as("same id, another hook")
        .containsExactly(true);
  }

  @Test
  void of_concurrent_appends_of_one_delivery_exactly_one_wins() {
    RepositoryHook hook = hook();
    String deliveryId = uniqueId("gh");

    List<Boolean> won =
        concurrently(16, i -> inbox().append(List.of(delivery(hook, deliveryId, t(i))))[0]);

    assertThat(won).containsOnlyOnce(true);
    assertThat(stores().deliveries().stats(hook.id()).total()).isEqualTo(1);
  }

  @Test
  void appends_a_batch_in_order_and_says_which_were_stored() {
    RepositoryHook hook = hook();
    RepositoryHook other = hook();
    Delivery earlier = delivery(hook, uniqueId("gh"), t(1));
    inbox().append(List.of(earlier));
    String shared = uniqueId("gh");
    Delivery first = delivery(hook, shared, t(2));
    Delivery sameKeyInBatch = delivery(hook, shared, t(3));
    Delivery alreadyStored = delivery(hook, earlier.deliveryId(), t(4));
    Delivery otherHook = delivery(other, shared, t(5));
    Delivery fresh = delivery(hook, uniqueId("gh"), t(6));

    boolean[] stored =
        inbox().append(List.of(first, sameKeyInBatch, alreadyStored, otherHook, fresh));

    assertThat(stored).containsExactly(true, false, false, true, true);
    assertThat(stores().deliveries().find(hook.repositoryId(), shared).orElseThrow().id())
        .isEqualTo(first.id());
    assertThat(stores().deliveries().find(other.repositoryId(), shared).orElseThrow().id())
        .isEqualTo(otherHook.id());
    assertThat(stores().deliveries().stats(hook.id()).total()).isEqualTo(3);
    assertThat(inbox().append(List.of())).isEmpty();
  }

  @Test
  void a_large_batch_keeps_order_and_duplicates_across_its_whole_length() {
    // adapters may split a batch into several statements: a key repeated far apart must still
    // conflict with its first copy, whichever part each falls in
    RepositoryHook hook = hook();
    List<Delivery> batch = new ArrayList<>();
    for (int i = 0; i < 150; i++) batch.add(delivery(hook, uniqueId("gh"), t(i + 1)));
    batch.add(100, delivery(hook, batch.get(2).deliveryId(), t(200)));

    boolean[] stored = inbox().append(batch);

    assertThat(stored).hasSize(151);
    for (int i = 0; i < stored.length; i++)
      assertThat(stored[i]).as("row %d", i).isEqualTo(i != 100);
    assertThat(
            stores()
                .deliveries()
                .find(hook.repositoryId(), batch.get(2).deliveryId())
                .orElseThrow()
                .id())
        .isEqualTo(batch.get(2).id());
    assertThat(stores().deliveries().stats(hook.id()).total()).isEqualTo(150);
  }

  @Test
  void of_concurrent_batches_holding_one_delivery_exactly_one_stores_it() {
    RepositoryHook hook = hook();
    String shared = uniqueId("gh");

    List<boolean[]> results =
        concurrently(
            8,
            i ->
                inbox()
                    .append(
                        List.of(
                            delivery(hook, uniqueId("gh"), t(i)), delivery(hook, shared, t(i)))));

    assertThat(results).allSatisfy(r -> assertThat(r[0]).isTrue());
    assertThat(results.stream().filter(r -> r[1]).count()).isEqualTo(1);
    assertThat(stores().deliveries().stats(hook.id()).total()).isEqualTo(9);
  }

  @Test
  void an_append_inside_a_transaction_rolls_back_with_it() {
    RepositoryHook hook = hook();
    Delivery d = delivery(hook, uniqueId("gh"), t(1));

    assertThatThrownBy(
            () ->
                stores()
                    .tx()
                    .inTransaction(
                        () -> {
                          inbox().append(List.of(d));
                          throw new IllegalStateException("rolled back");
                        }))
        .hasMessage("rolled back");

    assertThat(stores().deliveries().find(hook.repositoryId(), d.deliveryId())).isEmpty();
    assertThat(inbox().append(List.of(d))).containsExactly(true);
  }

  @Test
  void claims_due_deliveries_oldest_first_with_bodies() {
    RepositoryHook hook = hook();
    Delivery a = delivery(hook, uniqueId("gh"), t(3));
    Delivery b = delivery(hook, uniqueId("gh"), t(1));
    inbox().append(List.of(a));
    inbox().append(List.of(b));
    Delivery settled = storedDelivery(hook, uniqueId("gh"), t(2), ProcessingStatus.PROCESSED);

    List<Delivery> claimed = claimDueOf(hook, FAR, 10_000);

    assertThat(claimed)
        .extracting(Delivery::id)
        .as("arrival order, settled ones left out")
        .containsExactly(a.id(), b.id())
        .doesNotContain(settled.id());
    assertThat(claimed.get(0).body()).isEqualTo(a.body());
    assertThat(claimed.get(0).status()).isEqualTo(ProcessingStatus.RECEIVED);
  }

  @Test
  void claims_at_most_the_limit() {
    drainOthers(FAR);
    RepositoryHook hook = hook();
    for (int i = 0; i < 5; i++) inbox().append(List.of(delivery(hook, uniqueId("gh"), t(i))));

    List<Delivery> claimed = stores().tx().inTransaction(() -> inbox().claimDue(FAR, 3));

    assertThat(claimed).hasSize(3);
  }

  @Test
  void settling_takes_a_delivery_out_of_the_inbox_with_its_outcome() {
    RepositoryHook hook = hook();
    Delivery d = delivery(hook, uniqueId("gh"), t(1));
    inbox().append(List.of(d));

    stores()
        .tx()
        .inTransaction(
            () -> {
              assertThat(inbox().claim(d.id())).isPresent();
              inbox()
                  .settle(
                      List.of(
                          new Settlement(
                              d.id(), ProcessingStatus.IGNORED, "opened", null, 1, t(5))));
              return null;
            });

    Delivery found = stores().deliveries().find(hook.repositoryId(), d.deliveryId()).orElseThrow();
    assertThat(found.processing())
        .isEqualTo(new DeliveryProcessing(ProcessingStatus.IGNORED, null, 1, t(5), null, 0));
    assertThat(found.action()).isEqualTo("opened");
    assertThat(claimDueOf(hook, FAR, 10_000)).isEmpty();
    assertThat(stores().tx().inTransaction(() -> inbox().claim(d.id())))
        .as("no longer claimable")
        .isEmpty();
  }

  @Test
  void a_delivery_put_back_for_a_retry_is_due_again_at_its_time() {
    RepositoryHook hook = hook();
    Delivery d = delivery(hook, uniqueId("gh"), t(1));
    inbox().append(List.of(d));
    Instant retryAt = Instant.parse("2090-01-01T00:00:00Z");

    stores()
        .tx()
        .inTransaction(
            () -> {
              inbox().claim(d.id()).orElseThrow();
              inbox().retryLater(d.id(), 1, retryAt, "boom");
              return null;
            });

    assertThat(claimDueOf(hook, retryAt.minusSeconds(1), 10_000)).isEmpty();
    List<Delivery> due = claimDueOf(hook, retryAt, 10_000);
    assertThat(due).extracting(Delivery::id).containsExactly(d.id());
    assertThat(due.get(0).processing())
        .isEqualTo(new DeliveryProcessing(ProcessingStatus.RECEIVED, "boom", 1, null, null, 0));
  }

  @Test
  void a_repository_claimed_by_one_transaction_is_not_given_to_another() throws Exception {
    RepositoryHook busy = hook();
    RepositoryHook free = hook();
    Delivery held = delivery(busy, uniqueId("gh"), t(1));
    Delivery other = delivery(free, uniqueId("gh"), t(2));
    inbox().append(List.of(held, other));
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () ->
                stores()
                    .tx()
                    .inTransaction(
                        () -> {
                          inbox().claim(held.id()).orElseThrow();
                          claimed.countDown();
                          await(release);
                          return null;
                        }));
    holder.start();
    try {
      assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
      AtomicReference<List<String>> seen = new AtomicReference<>();
      Thread second =
          new Thread(
              () ->
                  seen.set(
                      stores()
                          .tx()
                          .inTransaction(
                              () ->
                                  inbox().claimDue(FAR, 10_000).stream()
                                      .map(Delivery::id)
                                      .toList())));
      second.start();
      second.join(3_000);
      if (second.isAlive()) {
        // a store that serialises whole transactions (the in-memory one) claims nothing
        // concurrently:
        // the second transaction starts once the first has ended, and then it may take the row
        release.countDown();
        second.join(30_000);
        assertThat(seen.get()).contains(held.id(), other.id());
      } else {
        assertThat(seen.get()).as("the free repository").contains(other.id());
        assertThat(seen.get()).as("the claimed repository").doesNotContain(held.id());
      }
    } finally {
      release.countDown();
      holder.join(30_000);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void requeue_puts_a_settled_delivery_back_and_counts_the_replay() {
    RepositoryHook hook = hook();
    Delivery d = storedDelivery(hook, uniqueId("gh"), t(1), ProcessingStatus.FAILED);

    Requeue result =
        stores().tx().inTransaction(() -> inbox().requeue(hook.repositoryId(), d.id(), t(10)));

    assertThat(result).isEqualTo(Requeue.QUEUED);
    Delivery found = stores().deliveries().find(hook.repositoryId(), d.deliveryId()).orElseThrow();
    assertThat(found.processing())
        .isEqualTo(new DeliveryProcessing(ProcessingStatus.RECEIVED, null, 0, t(2), t(10), 1));
    assertThat(claimDueOf(hook, t(10), 10_000)).extracting(Delivery::id).containsExactly(d.id());
    settle(d, ProcessingStatus.PROCESSED, t(11));
    stores().tx().inTransaction(() -> inbox().requeue(hook.repositoryId(), d.id(), t(12)));
    assertThat(
            stores()
                .deliveries()
                .find(hook.repositoryId(), d.deliveryId())
                .orElseThrow()
                .processing()
                .replays())
        .isEqualTo(2);
  }

  @Test
  void requeue_refuses_another_repositorys_delivery_and_a_purged_body() {
    RepositoryHook hook = hook();
    Delivery old =
        storedDelivery(
            hook,
            uniqueId("gh"),
            Instant.parse("1997-01-01T00:00:00Z"),
            ProcessingStatus.PROCESSED);
    stores().deliveries().purgeBodiesBefore(Instant.parse("1997-01-02T00:00:00Z"), 100);

    assertThat(
            stores()
                .tx()
                .inTransaction(() -> inbox().requeue(hook().repositoryId(), old.id(), t(1))))
        .isEqualTo(Requeue.NOT_FOUND);
    assertThat(
            stores()
                .tx()
                .inTransaction(() -> inbox().requeue(hook.repositoryId(), "dlv_unknown", t(1))))
        .isEqualTo(Requeue.NOT_FOUND);
    assertThat(
            stores().tx().inTransaction(() -> inbox().requeue(hook.repositoryId(), old.id(), t(1))))
        .isEqualTo(Requeue.BODY_PURGED);
    assertThat(
            stores()
                .deliveries()
                .find(hook.repositoryId(), old.deliveryId())
                .orElseThrow()
                .status())
        .isEqualTo(ProcessingStatus.PROCESSED);
  }

  @Test
  void requeue_matching_takes_a_repositorys_deliveries_by_status_and_time() {
    RepositoryHook hook = hook();
    Delivery failedEarly = storedDelivery(hook, uniqueId("gh"), t(1), ProcessingStatus.FAILED);
    Delivery failedLate = storedDelivery(hook, uniqueId("gh"), t(5), ProcessingStatus.FAILED);
    Delivery processedLate = storedDelivery(hook, uniqueId("gh"), t(6), ProcessingStatus.PROCESSED);
    storedDelivery(hook(), uniqueId("gh"), t(7), ProcessingStatus.FAILED); // another repository

    int byStatus =
        stores()
            .tx()
            .inTransaction(
                () ->
                    inbox()
                        .requeueMatching(
                            hook.repositoryId(),
                            new ReplayFilter(ProcessingStatus.FAILED, null),
                            t(20),
                            100));
    assertThat(byStatus).isEqualTo(2);
    assertThat(claimDueOf(hook, t(20), 10_000))
        .extracting(Delivery::id)
        .containsExactly(failedEarly.id(), failedLate.id());
    settle(failedEarly, ProcessingStatus.PROCESSED, t(21));
    settle(failedLate, ProcessingStatus.PROCESSED, t(21));

    int since =
        stores()
            .tx()
            .inTransaction(
                () ->
                    inbox()
                        .requeueMatching(
                            hook.repositoryId(), new ReplayFilter(null, t(5)), t(30), 1));
    assertThat(since).as("limited to one, oldest first").isEqualTo(1);
    assertThat(claimDueOf(hook, t(30), 10_000))
        .extracting(Delivery::id)
        .containsExactly(failedLate.id());
    assertThat(processedLate.id()).isNotNull();
  }

  @Test
  void backlog_counts_what_waits_and_since_when() {
    drainOthers(FAR);
    RepositoryHook hook = hook();
    inbox()
        .append(
            List.of(delivery(hook, uniqueId("gh"), t(3)), delivery(hook, uniqueId("gh"), t(1))));
    storedDelivery(hook, uniqueId("gh"), t(0), ProcessingStatus.PROCESSED);

    assertThat(inbox().backlog().pending()).isEqualTo(2);
    assertThat(inbox().backlog().oldestReceivedAt()).isEqualTo(t(1));
  }
}
