package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.DeliveryStats;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.RejectedDelivery;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.DeliveryLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link DeliveryLog} must do. */
public abstract class DeliveryLogContract extends StoreContractSupport {

  private DeliveryLog log() {
    return stores().deliveries();
  }

  private RepositoryHook hook() {
    return newHook(newRepository(), newUser());
  }

  private static RejectedDelivery rejected(RepositoryHook hook, String deliveryId, Instant at) {
    return new RejectedDelivery(uniqueId("dlv"), hook.provider(), hook.id(), hook.repositoryId(), deliveryId,
        "workflow_run", "signature_mismatch", Headers.single("X-Hub-Signature-256", "sha256=00").withoutCredentials(),
        321, Sha256.hex("forged"), "203.0.113.7", at);
  }

  @Test
  void stores_an_authentic_delivery_with_its_body() {
    RepositoryHook hook = hook();
    Delivery delivery = delivery(hook, uniqueId("gh"), t(1), ProcessingStatus.PROCESSED);

    assertThat(log().insert(delivery)).isTrue();

    Delivery found = log().find(hook.repositoryId(), delivery.deliveryId()).orElseThrow();
    assertThat(found).usingRecursiveComparison().isEqualTo(delivery);
  }

  @Test
  void a_delivery_id_counts_once_per_hook() {
    RepositoryHook hook = hook();
    String deliveryId = uniqueId("gh");
    Delivery first = delivery(hook, deliveryId, t(1), ProcessingStatus.PROCESSED);

    assertThat(log().insert(first)).isTrue();
    assertThat(log().insert(delivery(hook, deliveryId, t(2), ProcessingStatus.FAILED))).isFalse();

    assertThat(log().find(hook.repositoryId(), deliveryId).orElseThrow().id()).isEqualTo(first.id());
    assertThat(log().insert(delivery(hook(), deliveryId, t(3), ProcessingStatus.PROCESSED)))
        .as("same delivery id on another hook").isTrue();
  }

  @Test
  void of_concurrent_inserts_of_one_delivery_exactly_one_wins() {
    RepositoryHook hook = hook();
    String deliveryId = uniqueId("gh");

    List<Boolean> won = concurrently(16, i -> log().insert(delivery(hook, deliveryId, t(i), ProcessingStatus.PROCESSED)));

    assertThat(won).containsOnlyOnce(true);
    assertThat(log().stats(hook.id()).total()).isEqualTo(1);
  }

  @Test
  void rejected_attempts_take_no_dedup_key() {
    RepositoryHook hook = hook();
    String deliveryId = uniqueId("gh");
    log().insertRejected(rejected(hook, deliveryId, t(1)));
    log().insertRejected(rejected(hook, deliveryId, t(2)));

    assertThat(log().find(hook.repositoryId(), deliveryId)).isEmpty();
    assertThat(log().insert(delivery(hook, deliveryId, t(3), ProcessingStatus.PROCESSED))).isTrue();
    assertThat(log().stats(hook.id())).isEqualTo(new DeliveryStats(3, 2, t(3)));
  }

  @Test
  void rejected_attempts_may_name_no_delivery_or_event() {
    RepositoryHook hook = hook();
    RejectedDelivery anonymous = new RejectedDelivery(uniqueId("dlv"), hook.provider(), hook.id(),
        hook.repositoryId(), null, null, "signature_missing", Headers.empty(), 0, Sha256.hex(""), "198.51.100.1", t(1));

    log().insertRejected(anonymous);

    DeliveryEntry entry = log().listByRepository(hook.repositoryId(), PageRequest.first(10)).items().get(0);
    assertThat(entry.deliveryId()).isNull();
    assertThat(entry.event()).isNull();
    assertThat(entry.signatureReason()).isEqualTo("signature_missing");
  }

  @Test
  void lists_authentic_and_rejected_entries_newest_first_in_pages() {
    RepositoryHook hook = hook();
    Delivery ok = delivery(hook, uniqueId("gh"), t(1), ProcessingStatus.PROCESSED);
    RejectedDelivery forged = rejected(hook, uniqueId("gh"), t(2));
    Delivery failed = delivery(hook, uniqueId("gh"), t(3), ProcessingStatus.FAILED);
    log().insert(ok);
    log().insertRejected(forged);
    log().insert(failed);
    log().insert(delivery(hook(), uniqueId("gh"), t(4), ProcessingStatus.PROCESSED)); // another repository

    Page<DeliveryEntry> first = log().listByRepository(hook.repositoryId(), PageRequest.first(2));
    Page<DeliveryEntry> second = log().listByRepository(hook.repositoryId(), new PageRequest(first.nextCursor(), 2));

    assertThat(first.items()).extracting(DeliveryEntry::id).containsExactly(failed.id(), forged.id());
    assertThat(second.items()).extracting(DeliveryEntry::id).containsExactly(ok.id());
    assertThat(second.nextCursor()).isNull();
    assertThat(first.items().get(0)).isEqualTo(new DeliveryEntry(failed.id(), failed.provider(), hook.id(),
        failed.deliveryId(), "workflow_run", "completed", true, null, ProcessingStatus.FAILED, "boom", 1234, t(3)));
    assertThat(first.items().get(1)).isEqualTo(new DeliveryEntry(forged.id(), forged.provider(), hook.id(),
        forged.deliveryId(), "workflow_run", null, false, "signature_mismatch", ProcessingStatus.REJECTED, null, 0,
        t(2)));
  }

  @Test
  void rejects_a_malformed_cursor() {
    RepositoryHook hook = hook();

    assertThatThrownBy(() -> log().listByRepository(hook.repositoryId(), new PageRequest("not-a-cursor!", 10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void find_returns_the_newest_authentic_delivery_of_the_repository() {
    User user = newUser();
    Repository repo = newRepository();
    RepositoryHook oldHook = newHook(repo, user);
    String deliveryId = uniqueId("gh");
    log().insert(delivery(oldHook, deliveryId, t(1), ProcessingStatus.PROCESSED));
    stores().hooks().delete(oldHook.id()); // a replaced hook leaves its deliveries behind
    RepositoryHook newHook = newHook(repo, user);
    Delivery newer = delivery(newHook, deliveryId, t(2), ProcessingStatus.PROCESSED);
    log().insert(newer);

    assertThat(log().find(repo.id(), deliveryId).orElseThrow().id()).isEqualTo(newer.id());
    assertThat(log().find(repo.id(), "unknown")).isEmpty();
    assertThat(log().find(newRepository().id(), deliveryId)).isEmpty();
  }

  @Test
  void stats_count_failed_and_rejected_as_failed() {
    RepositoryHook hook = hook();
    log().insert(delivery(hook, uniqueId("gh"), t(1), ProcessingStatus.PROCESSED));
    log().insert(delivery(hook, uniqueId("gh"), t(5), ProcessingStatus.IGNORED));
    log().insert(delivery(hook, uniqueId("gh"), t(3), ProcessingStatus.FAILED));
    log().insertRejected(rejected(hook, uniqueId("gh"), t(9)));

    assertThat(log().stats(hook.id())).isEqualTo(new DeliveryStats(4, 2, t(5)));
    assertThat(log().stats(hook().id())).isEqualTo(new DeliveryStats(0, 0, null));
  }

  @Test
  void purges_old_bodies_in_batches_and_keeps_the_rows() {
    Instant longAgo = Instant.parse("1999-01-01T00:00:00Z"); // older than any other test's rows
    RepositoryHook hook = hook();
    List<Delivery> old = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Delivery d = delivery(hook, uniqueId("gh"), longAgo.plusSeconds(i), ProcessingStatus.PROCESSED);
      log().insert(d);
      old.add(d);
    }
    Delivery recent = delivery(hook, uniqueId("gh"), Instant.parse("1999-02-01T00:00:00Z"), ProcessingStatus.PROCESSED);
    log().insert(recent);
    Instant cutoff = Instant.parse("1999-01-15T00:00:00Z");

    assertThat(log().purgeBodiesBefore(cutoff, 2)).isEqualTo(2);
    assertThat(log().purgeBodiesBefore(cutoff, 2)).isEqualTo(1);
    assertThat(log().purgeBodiesBefore(cutoff, 2)).isZero();

    for (Delivery d : old) {
      Delivery found = log().find(hook.repositoryId(), d.deliveryId()).orElseThrow();
      assertThat(found.body()).isEmpty();
      assertThat(found.status()).isEqualTo(ProcessingStatus.PROCESSED);
    }
    assertThat(log().find(hook.repositoryId(), recent.deliveryId()).orElseThrow().body()).isEqualTo(recent.body());
    assertThat(log().stats(hook.id()).total()).isEqualTo(4);
  }

  @Test
  void a_large_batch_keeps_order_and_duplicates_across_its_whole_length() {
    // adapters may split a batch into several statements: a key repeated far apart must still
    // conflict with its first copy, whichever part each falls in
    RepositoryHook hook = hook();
    List<Delivery> batch = new ArrayList<>();
    for (int i = 0; i < 150; i++) batch.add(delivery(hook, uniqueId("gh"), t(i + 1), ProcessingStatus.PROCESSED));
    Delivery repeatOfThird = delivery(hook, batch.get(2).deliveryId(), t(200), ProcessingStatus.FAILED);
    batch.add(100, repeatOfThird);

    boolean[] stored = stores().tx().inTransaction(() -> log().insertAll(batch));

    assertThat(stored).hasSize(151);
    for (int i = 0; i < stored.length; i++) assertThat(stored[i]).as("row %d", i).isEqualTo(i != 100);
    assertThat(log().find(hook.repositoryId(), repeatOfThird.deliveryId()).orElseThrow().id())
        .isEqualTo(batch.get(2).id());
    assertThat(log().find(hook.repositoryId(), batch.get(150).deliveryId()).orElseThrow())
        .usingRecursiveComparison().isEqualTo(batch.get(150));
    assertThat(log().stats(hook.id()).total()).isEqualTo(150);
  }

  @Test
  void inserts_a_batch_in_order_and_says_which_were_stored() {
    RepositoryHook hook = hook();
    RepositoryHook other = hook();
    Delivery earlier = delivery(hook, uniqueId("gh"), t(1), ProcessingStatus.PROCESSED);
    log().insert(earlier);
    String shared = uniqueId("gh");
    Delivery first = delivery(hook, shared, t(2), ProcessingStatus.PROCESSED);
    Delivery sameKeyInBatch = delivery(hook, shared, t(3), ProcessingStatus.FAILED);
    Delivery alreadyStored = delivery(hook, earlier.deliveryId(), t(4), ProcessingStatus.PROCESSED);
    Delivery otherHook = delivery(other, shared, t(5), ProcessingStatus.IGNORED);
    Delivery fresh = delivery(hook, uniqueId("gh"), t(6), ProcessingStatus.FAILED);

    boolean[] stored = stores().tx().inTransaction(
        () -> log().insertAll(List.of(first, sameKeyInBatch, alreadyStored, otherHook, fresh)));

    assertThat(stored).containsExactly(true, false, false, true, true);
    assertThat(log().find(hook.repositoryId(), shared).orElseThrow()).usingRecursiveComparison().isEqualTo(first);
    assertThat(log().find(other.repositoryId(), shared).orElseThrow()).usingRecursiveComparison().isEqualTo(otherHook);
    assertThat(log().find(hook.repositoryId(), fresh.deliveryId()).orElseThrow())
        .usingRecursiveComparison().isEqualTo(fresh);
    assertThat(log().find(hook.repositoryId(), earlier.deliveryId()).orElseThrow().id()).isEqualTo(earlier.id());
    assertThat(log().stats(hook.id()).total()).isEqualTo(3);
    assertThat(log().insertAll(List.of())).isEmpty();
  }

  @Test
  void a_batch_rolls_back_with_its_transaction() {
    RepositoryHook hook = hook();
    Delivery d = delivery(hook, uniqueId("gh"), t(1), ProcessingStatus.PROCESSED);

    assertThatThrownBy(() -> stores().tx().inTransaction(() -> {
      log().insertAll(List.of(d));
      throw new IllegalStateException("rolled back");
    })).hasMessage("rolled back");

    assertThat(log().find(hook.repositoryId(), d.deliveryId())).isEmpty();
    assertThat(log().insertAll(List.of(d))).containsExactly(true);
  }

  @Test
  void of_concurrent_batches_holding_one_delivery_exactly_one_stores_it() {
    RepositoryHook hook = hook();
    String shared = uniqueId("gh");

    List<boolean[]> results = concurrently(8, i -> stores().tx().inTransaction(() -> log().insertAll(List.of(
        delivery(hook, uniqueId("gh"), t(i), ProcessingStatus.PROCESSED),
        delivery(hook, shared, t(i), ProcessingStatus.PROCESSED)))));

    assertThat(results).allSatisfy(r -> assertThat(r[0]).isTrue());
    assertThat(results.stream().filter(r -> r[1]).count()).isEqualTo(1);
    assertThat(log().stats(hook.id()).total()).isEqualTo(9);
  }
}
