package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.NotificationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** What every {@link NotificationStore} must do: consecutive ids per user, visible in order. */
public abstract class NotificationStoreContract extends StoreContractSupport {

  private NotificationStore store() {
    return stores().notifications();
  }

  private static NotificationDraft draft(UserId user, String n) {
    return new NotificationDraft(user, NotificationType.WORKFLOW_RUN_UPDATED,
        Map.of("run", n, "repository", "octo/app", "failed", false), T0);
  }

  @Test
  void numbers_and_stores_a_notification() {
    User user = newUser();
    NotificationDraft draft = new NotificationDraft(user.id(), NotificationType.INCIDENT_OPENED,
        Map.of("incident_id", "inc_1", "repository", "octo/app", "branch", "main"), t(3));

    Notification stored = store().append(draft);

    assertThat(stored.id()).isPositive();
    assertThat(stored.userId()).isEqualTo(user.id());
    assertThat(stored.type()).isEqualTo(NotificationType.INCIDENT_OPENED);
    assertThat(stored.data()).isEqualTo(draft.data());
    assertThat(stored.createdAt()).isEqualTo(t(3));
    assertThat(store().listAfter(user.id(), 0, 10)).containsExactly(stored);
  }

  @Test
  void lists_after_an_id_oldest_first_with_a_limit_for_one_user_only() {
    User user = newUser();
    User other = newUser();
    List<Notification> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      mine.add(store().append(draft(user.id(), "r" + i)));
      store().append(draft(other.id(), "x" + i));
    }

    assertThat(mine).extracting(Notification::id).isSorted().doesNotHaveDuplicates();
    assertThat(store().listAfter(user.id(), 0, 3)).containsExactlyElementsOf(mine.subList(0, 3));
    assertThat(store().listAfter(user.id(), mine.get(2).id(), 10)).containsExactlyElementsOf(mine.subList(3, 5));
    assertThat(store().listAfter(user.id(), mine.get(4).id(), 10)).isEmpty();
  }

  @Test
  void numbers_each_users_notifications_one_two_three_whatever_the_others_do() {
    User ann = newUser();
    User ben = newUser();
    List<Long> anns = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      anns.add(store().append(draft(ann.id(), "a" + i)).id());
      store().append(draft(ben.id(), "b" + i));
    }
    List<NotificationDraft> batch = List.of(draft(ann.id(), "a3"), draft(ann.id(), "a4"), draft(ben.id(), "b3"));
    stores().tx().inTransaction(() -> store().appendAll(batch)).stream()
        .filter(n -> n.userId().equals(ann.id())).forEach(n -> anns.add(n.id()));

    assertThat(anns).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(store().listAfter(ben.id(), 0, 10)).extracting(Notification::id).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void a_rolled_back_append_uses_no_id() {
    User user = newUser();
    store().append(draft(user.id(), "kept"));

    assertThatThrownBy(() -> stores().tx().inTransaction(() -> {
      store().appendAll(List.of(draft(user.id(), "lost-1"), draft(user.id(), "lost-2")));
      throw new IllegalStateException("roll back");
    })).hasMessage("roll back");
    Notification next = store().append(draft(user.id(), "next"));

    assertThat(next.id()).isEqualTo(2);
    assertThat(store().latestId(user.id())).isEqualTo(2);
    assertThat(store().listAfter(user.id(), 0, 10)).extracting(Notification::id).containsExactly(1L, 2L);
  }

  @Test
  void knows_each_users_latest_id() {
    User user = newUser();
    User other = newUser();
    assertThat(store().latestId(user.id())).isZero();

    store().append(draft(user.id(), "1"));
    Notification second = store().append(draft(user.id(), "2"));
    store().append(draft(other.id(), "x"));

    assertThat(store().latestId(user.id())).isEqualTo(second.id());
    assertThat(store().latestId(other.id())).isEqualTo(1);
  }

  @Test
  void a_reader_tailing_concurrent_appends_misses_nothing() {
    User user = newUser();
    int writers = 8;
    int perWriter = 40;
    CountDownLatch writing = new CountDownLatch(writers);
    List<Notification> seen = new ArrayList<>();

    // the reader only ever asks for ids after the last it saw, as an SSE client reconnecting does
    List<Integer> counts = concurrently(writers + 1, i -> {
      if (i < writers) {
        for (int n = 0; n < perWriter; n++) store().append(draft(user.id(), i + "-" + n));
        writing.countDown();
        return perWriter;
      }
      long last = 0;
      while (true) {
        boolean writersDone = writing.getCount() == 0;
        List<Notification> batch = store().listAfter(user.id(), last, 50);
        for (Notification n : batch) {
          seen.add(n);
          last = n.id();
        }
        if (writersDone && batch.isEmpty()) return seen.size();
      }
    });

    assertThat(counts.get(writers)).isEqualTo(writers * perWriter);
    assertThat(seen).extracting(Notification::id).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void appends_a_batch_numbering_each_users_drafts_in_list_order() {
    User ann = newUser();
    User ben = newUser();
    Notification before = store().append(draft(ben.id(), "b0"));
    List<NotificationDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 3; i++) drafts.add(draft(ann.id(), "a" + i));
    for (int i = 1; i < 4; i++) drafts.add(draft(ben.id(), "b" + i));

    List<Notification> stored = stores().tx().inTransaction(() -> store().appendAll(drafts));

    assertThat(stored).hasSize(6);
    for (int i = 0; i < 6; i++) {
      assertThat(stored.get(i).userId()).isEqualTo(drafts.get(i).userId());
      assertThat(stored.get(i).data()).isEqualTo(drafts.get(i).data());
      assertThat(stored.get(i).type()).isEqualTo(drafts.get(i).type());
      assertThat(stored.get(i).createdAt()).isEqualTo(drafts.get(i).createdAt());
    }
    assertThat(stored.subList(0, 3)).extracting(Notification::id).isSorted().doesNotHaveDuplicates();
    assertThat(stored.subList(3, 6)).extracting(Notification::id).isSorted().doesNotHaveDuplicates();
    assertThat(stored.get(3).id()).isGreaterThan(before.id());
    assertThat(store().listAfter(ann.id(), 0, 10)).containsExactlyElementsOf(stored.subList(0, 3));
    assertThat(store().listAfter(ben.id(), before.id(), 10)).containsExactlyElementsOf(stored.subList(3, 6));
    Notification after = store().append(draft(ann.id(), "a3"));
    assertThat(after.id()).isGreaterThan(stored.get(2).id());
    assertThat(store().appendAll(List.of())).isEmpty();
  }

  @Test
  void a_reader_tailing_concurrent_batches_misses_nothing() {
    User ann = newUser();
    User ben = newUser();
    int writers = 6;
    int batches = 15;
    CountDownLatch writing = new CountDownLatch(writers);
    List<Notification> seen = new ArrayList<>();

    List<Integer> counts = concurrently(writers + 1, i -> {
      if (i < writers) {
        for (int n = 0; n < batches; n++) {
          // sorted by user id, as callers batching for several users must pass them
          List<NotificationDraft> drafts = new ArrayList<>(List.of(draft(ann.id(), i + "-" + n + "a"),
              draft(ben.id(), i + "-" + n), draft(ann.id(), i + "-" + n + "b")));
          drafts.sort(java.util.Comparator.comparing(d -> d.userId().value()));
          stores().tx().inTransaction(() -> store().appendAll(drafts));
        }
        writing.countDown();
        return batches;
      }
      long last = 0;
      while (true) {
        boolean writersDone = writing.getCount() == 0;
        List<Notification> page = store().listAfter(ann.id(), last, 50);
        for (Notification n : page) {
          seen.add(n);
          last = n.id();
        }
        if (writersDone && page.isEmpty()) return seen.size();
      }
    });

    assertThat(counts.get(writers)).isEqualTo(writers * batches * 2);
    assertThat(seen).extracting(Notification::id).doesNotHaveDuplicates().isSorted();
    assertThat(store().listAfter(ben.id(), 0, 1000)).hasSize(writers * batches);
  }

  @Test
  void deletes_one_users_notifications_only() {
    User leaving = newUser();
    User stays = newUser();
    store().append(draft(leaving.id(), "a"));
    store().append(draft(leaving.id(), "b"));
    Notification kept = store().append(draft(stays.id(), "c"));

    assertThat(store().deleteByUser(leaving.id())).isEqualTo(2);

    assertThat(store().listAfter(leaving.id(), 0, 10)).isEmpty();
    assertThat(store().listAfter(stays.id(), 0, 10)).containsExactly(kept);
    assertThat(store().deleteByUser(leaving.id())).isZero();
  }

  @Test
  void purges_notifications_created_before_the_cutoff_oldest_first_in_batches_and_never_reuses_an_id() {
    // long before anything the other tests store, so this purge touches only these rows
    Instant old = T0.minus(java.time.Duration.ofDays(1000));
    User user = newUser();
    User other = newUser();
    for (int i = 0; i < 5; i++) store().append(new NotificationDraft(user.id(), NotificationType.INCIDENT_OPENED,
        Map.of("n", (long) i), old.plusSeconds(i)));
    for (int i = 0; i < 2; i++) store().append(new NotificationDraft(other.id(), NotificationType.INCIDENT_OPENED,
        Map.of("n", (long) i), old.plusSeconds(10 + i)));
    Notification kept = store().append(new NotificationDraft(user.id(), NotificationType.INCIDENT_RESOLVED,
        Map.of("n", 5L), old.plus(java.time.Duration.ofDays(10))));
    Instant cutoff = old.plus(java.time.Duration.ofDays(1));

    int first = store().purgeCreatedBefore(cutoff, 3);
    List<Notification> afterFirst = store().listAfter(user.id(), 0, 10);
    int second = store().purgeCreatedBefore(cutoff, 3);
    int third = store().purgeCreatedBefore(cutoff, 3);

    assertThat(List.of(first, second, third, store().purgeCreatedBefore(cutoff, 3))).containsExactly(3, 3, 1, 0);
    assertThat(afterFirst).as("oldest first").extracting(Notification::id).containsExactly(4L, 5L, 6L);
    assertThat(store().listAfter(user.id(), 0, 10)).containsExactly(kept);
    assertThat(store().listAfter(other.id(), 0, 10)).isEmpty();
    assertThat(store().latestId(user.id())).isEqualTo(6);
    assertThat(store().latestId(other.id())).isEqualTo(2);
    assertThat(store().append(draft(user.id(), "next")).id()).isEqualTo(7);
    assertThat(store().append(draft(other.id(), "next")).id()).isEqualTo(3);
  }
}
