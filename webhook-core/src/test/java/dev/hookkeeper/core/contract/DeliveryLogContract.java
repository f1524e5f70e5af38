package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.DeliveryFilter;
import dev.hookkeeper.core.model.DeliveryProcessing;
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
import dev.hookkeeper.core.port.DeliveryLog.RejectionTally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link DeliveryLog} must do (authentic deliveries get in through the {@link dev.hookkeeper.core.port.Inbox}). */
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
  void finds_a_stored_delivery_with_its_body_and_processing() {
    RepositoryHook hook = hook();
    Delivery d = storedDelivery(hook, uniqueId("gh"), t(1), ProcessingStatus.FAILED);

    Delivery found = log().find(hook.repositoryId(), d.deliveryId()).orElseThrow();

    assertThat(found.id()).isEqualTo(d.id());
    assertThat(found.body()).isEqualTo(d.body());
    assertThat(found.headers()).isEqualTo(d.headers());
    assertThat(found.receivedAt()).isEqualTo(t(1));
    assertThat(found.action()).isEqualTo("completed");
    assertThat(found.bodyPurged()).isFalse();
    assertThat(found.processing()).isEqualTo(new DeliveryProcessing(ProcessingStatus.FAILED, "boom", 1, t(2), null, 0));
  }

  @Test
  void rejected_attempts_take_no_dedup_key() {
    RepositoryHook hook = hook();
    String deliveryId = uniqueId("gh");
    log().insertRejected(List.of(rejected(hook, deliveryId, t(1)), rejected(hook, deliveryId, t(2))));

    assertThat(log().find(hook.repositoryId(), deliveryId)).isEmpty();
    storedDelivery(hook, deliveryId, t(3), ProcessingStatus.PROCESSED);
    assertThat(log().find(hook.repositoryId(), deliveryId)).isPresent();
  }

  @Test
  void rejected_attempts_may_name_no_delivery_or_event() {
    RepositoryHook hook = hook();
    RejectedDelivery anonymous = new RejectedDelivery(uniqueId("dlv"), hook.provider(), hook.id(),
        hook.repositoryId(), null, null, "signature_missing", Headers.empty(), 0, Sha256.hex(""), "198.51.100.1", t(1));

    log().insertRejected(List.of(anonymous));

    DeliveryEntry entry = log().listByRepository(hook.repositoryId(), PageRequest.first(10)).items().get(0);
    assertThat(entry.deliveryId()).isNull();
    assertThat(entry.event()).isNull();
    assertThat(entry.signatureReason()).isEqualTo("signature_missing");
  }

  @Test
  void lists_authentic_and_rejected_entries_newest_first_in_pages() {
    RepositoryHook hook = hook();
    Delivery ok = storedDelivery(hook, uniqueId("gh"), t(1), ProcessingStatus.PROCESSED);
    RejectedDelivery forged = rejected(hook, uniqueId("gh"), t(2));
    log().insertRejected(List.of(forged));
    Delivery failed = storedDelivery(hook, uniqueId("gh"), t(3), ProcessingStatus.FAILED);
    Delivery pending = storedDelivery(hook, uniqueId("gh"), t(4), ProcessingStatus.RECEIVED);
    storedDelivery(hook(), uniqueId("gh"), t(5), ProcessingStatus.PROCESSED); // another repository

    Page<DeliveryEntry> first = log().listByRepository(hook.repositoryId(), PageRequest.first(3));
    Page<DeliveryEntry> second = log().listByRepository(hook.repositoryId(), new PageRequest(first.nextCursor(), 3));

    assertThat(first.items()).extracting(DeliveryEntry::id).containsExactly(pending.id(), failed.id(), forged.id());
    assertThat(second.items()).extracting(DeliveryEntry::id).containsExactly(ok.id());
    assertThat(second.nextCursor()).isNull();
    assertThat(first.items().get(0)).isEqualTo(new DeliveryEntry(pending.id(), pending.provider(), hook.id(),
        pending.deliveryId(), "workflow_run", null, true, null, t(4), DeliveryProcessing.RECEIVED));
    assertThat(first.items().get(1)).isEqualTo(new DeliveryEntry(failed.id(), failed.provider(), hook.id(),
        failed.deliveryId(), "workflow_run", "completed", true, null, t(3),
        new DeliveryProcessing(ProcessingStatus.FAILED, "boom", 1, t(4), null, 0)));
    assertThat(first.items().get(2)).isEqualTo(new DeliveryEntry(forged.id(), forged.provider(), hook.id(),
        forged.deliveryId(), "workflow_run", null, false, "signature_mismatch", t(2), DeliveryProcessing.REJECTED));
  }

  @Test
  void filters_the_log_by_status_and_event_across_pages() {
    RepositoryHook hook = hook();
    Delivery ok = storedDelivery(hook, uniqueId("gh"), t(1), ProcessingStatus.PROCESSED);
    RejectedDelivery forged = rejected(hook, uniqueId("gh"), t(2));
    log().insertRejected(List.of(forged));
    Delivery failed = storedDelivery(hook, uniqueId("gh"), t(3), ProcessingStatus.FAILED);
    Delivery push = Delivery.received(uniqueId("dlv"), hook.provider(), hook.id(), hook.repositoryId(), uniqueId("gh"),
        "push", Headers.single("X-GitHub-Event", "push"), "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), t(4));
    assertThat(stores().inbox().append(List.of(push))).containsExactly(true);
    Delivery failed2 = storedDelivery(hook, uniqueId("gh"), t(5), ProcessingStatus.FAILED);

    assertThat(log().listByRepository(hook.repositoryId(), new DeliveryFilter(ProcessingStatus.FAILED, null),
        PageRequest.first(10)).items()).extracting(DeliveryEntry::id).containsExactly(failed2.id(), failed.id());
    assertThat(log().listByRepository(hook.repositoryId(), new DeliveryFilter(ProcessingStatus.REJECTED, null),
        PageRequest.first(10)).items()).extracting(DeliveryEntry::id).containsExactly(forged.id());
    assertThat(log().listByRepository(hook.repositoryId(), new DeliveryFilter(null, "push"),
        PageRequest.first(10)).items()).extracting(DeliveryEntry::id).containsExactly(push.id());
    assertThat(log().listByRepository(hook.repositoryId(), new DeliveryFilter(ProcessingStatus.PROCESSED, "workflow_run"),
        PageRequest.first(10)).items()).extracting(DeliveryEntry::id).containsExactly(ok.id());
    Page<DeliveryEntry> first = log().listByRepository(hook.repositoryId(),
        new DeliveryFilter(null, "workflow_run"), PageRequest.first(2));
    Page<DeliveryEntry> second = log().listByRepository(hook.repositoryId(),
        new DeliveryFilter(null, "workflow_run"), new PageRequest(first.nextCursor(), 2));
    assertThat(first.items()).extracting(DeliveryEntry::id).containsExactly(failed2.id(), failed.id());
    assertThat(second.items()).extracting(DeliveryEntry::id).containsExactly(forged.id(), ok.id());
    assertThat(second.nextCursor()).isNull();
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
    storedDelivery(oldHook, deliveryId, t(1), ProcessingStatus.PROCESSED);
    stores().hooks().delete(oldHook.id()); // a replaced hook leaves its deliveries behind
    RepositoryHook newHook = newHook(repo, user);
    Delivery newer = storedDelivery(newHook, deliveryId, t(2), ProcessingStatus.PROCESSED);

    assertThat(log().find(repo.id(), deliveryId).orElseThrow().id()).isEqualTo(newer.id());
    assertThat(log().find(repo.id(), "unknown")).isEmpty();
    assertThat(log().find(newRepository().id(), deliveryId)).isEmpty();
  }

  @Test
  void stats_count_stored_pending_failed_and_every_refusal() {
    RepositoryHook hook = hook();
    storedDelivery(hook, uniqueId("gh"), t(1), ProcessingStatus.PROCESSED);
    storedDelivery(hook, uniqueId("gh"), t(5), ProcessingStatus.IGNORED);
    storedDelivery(hook, uniqueId("gh"), t(3), ProcessingStatus.FAILED);
    storedDelivery(hook, uniqueId("gh"), t(4), ProcessingStatus.RECEIVED);
    log().insertRejected(List.of(rejected(hook, uniqueId("gh"), t(9))));
    log().countRejected(List.of(new RejectionTally(hook.id(), "signature_mismatch", 40),
        new RejectionTally(hook.id(), "signature_missing", 2)));
    log().countRejected(List.of(new RejectionTally(hook.id(), "signature_mismatch", 3)));

    assertThat(log().stats(hook.id())).isEqualTo(new DeliveryStats(4, 1, 1, 45, t(5)));
    assertThat(log().stats(hook().id())).isEqualTo(DeliveryStats.NONE);
  }

  @Test
  void concurrent_counts_of_refusals_add_up_exactly() {
    RepositoryHook hook = hook();

    concurrently(8, i -> {
      for (int k = 0; k < 10; k++) log().countRejected(List.of(new RejectionTally(hook.id(), "signature_mismatch", 5)));
      return null;
    });

    assertThat(log().stats(hook.id()).rejected()).isEqualTo(400);
  }

  @Test
  void purges_old_bodies_of_settled_deliveries_in_batches_and_keeps_the_rows() {
    Instant longAgo = Instant.parse("1999-01-01T00:00:00Z"); // older than any other test's rows
    RepositoryHook hook = hook();
    List<Delivery> old = new ArrayList<>();
    for (int i = 0; i < 3; i++) old.add(storedDelivery(hook, uniqueId("gh"), longAgo.plusSeconds(i), ProcessingStatus.PROCESSED));
    Delivery stillPending = storedDelivery(hook, uniqueId("gh"), longAgo.plusSeconds(5), ProcessingStatus.RECEIVED);
    Delivery recent = storedDelivery(hook, uniqueId("gh"), Instant.parse("1999-02-01T00:00:00Z"), ProcessingStatus.PROCESSED);
    Instant cutoff = Instant.parse("1999-01-15T00:00:00Z");

    assertThat(log().purgeBodiesBefore(cutoff, 2)).isEqualTo(2);
    assertThat(log().purgeBodiesBefore(cutoff, 2)).isEqualTo(1);
    assertThat(log().purgeBodiesBefore(cutoff, 2)).isZero();

    for (Delivery d : old) {
      Delivery found = log().find(hook.repositoryId(), d.deliveryId()).orElseThrow();
      assertThat(found.body()).isEmpty();
      assertThat(found.bodyPurged()).isTrue();
      assertThat(found.status()).isEqualTo(ProcessingStatus.PROCESSED);
    }
    assertThat(log().find(hook.repositoryId(), stillPending.deliveryId()).orElseThrow().body())
        .as("a delivery still in the inbox keeps its body").isEqualTo(stillPending.body());
    assertThat(log().find(hook.repositoryId(), recent.deliveryId()).orElseThrow().body()).isEqualTo(recent.body());
    assertThat(log().stats(hook.id()).total()).isEqualTo(5);
  }

  @Test
  void purges_old_rejected_rows_in_batches_and_keeps_their_counts() {
    Instant longAgo = Instant.parse("1998-01-01T00:00:00Z");
    RepositoryHook hook = hook();
    for (int i = 0; i < 3; i++) log().insertRejected(List.of(rejected(hook, uniqueId("gh"), longAgo.plusSeconds(i))));
    RejectedDelivery recent = rejected(hook, uniqueId("gh"), Instant.parse("1998-02-01T00:00:00Z"));
    log().insertRejected(List.of(recent));
    log().countRejected(List.of(new RejectionTally(hook.id(), "signature_mismatch", 4)));
    Instant cutoff = Instant.parse("1998-01-15T00:00:00Z");

    assertThat(log().purgeRejectedBefore(cutoff, 2)).isEqualTo(2);
    assertThat(log().purgeRejectedBefore(cutoff, 2)).isEqualTo(1);
    assertThat(log().purgeRejectedBefore(cutoff, 2)).isZero();

    assertThat(log().listByRepository(hook.repositoryId(), PageRequest.first(10)).items())
        .extracting(DeliveryEntry::id).containsExactly(recent.id());
    assertThat(log().stats(hook.id()).rejected()).isEqualTo(4);
  }
}
