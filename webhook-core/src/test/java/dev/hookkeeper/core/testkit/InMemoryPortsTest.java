package dev.hookkeeper.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.config.Ports;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The kit's wiring: shared lock, nested transactions, recorder and clock. */
class InMemoryPortsTest {
  private final InMemoryPorts mem = new InMemoryPorts();
  private final UserId alice = new UserId("usr_alice");

  @Test
  void a_transaction_is_isolated_from_every_store_on_other_threads() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    AtomicBoolean committed = new AtomicBoolean();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> mem.tx().inTransaction(() -> {
      mem.users().create(new User(alice, "alice", mem.clock().instant()), "hash");
      inside.countDown();
      sleep(Duration.ofMillis(200));
      committed.set(true);
      return null;
    }));
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

    boolean found = mem.users().find(alice).isPresent(); // blocks until the writer's transaction ends

    assertThat(found).isTrue();
    assertThat(committed).isTrue();
    writer.get(5, TimeUnit.SECONDS);
  }

  @Test
  void a_nested_transaction_joins_the_outer_one_and_rolls_back_with_it() {
    assertThatThrownBy(() -> mem.tx().inTransaction(() -> {
      mem.tx().inTransaction(() -> {
        mem.users().create(new User(alice, "alice", mem.clock().instant()), "hash");
        return null;
      });
      throw new IllegalStateException("outer fails");
    })).hasMessage("outer fails");

    assertThat(mem.users().find(alice)).isEmpty();
  }

  @Test
  void a_rolled_back_notification_uses_no_id_like_the_database_counter() {
    NotificationDraft draft = new NotificationDraft(alice, NotificationType.INCIDENT_OPENED, Map.of(), mem.clock().instant());
    Notification first = mem.notifications().append(draft);
    assertThatThrownBy(() -> mem.tx().inTransaction(() -> {
      mem.notifications().append(draft);
      throw new IllegalStateException("rolled back");
    }));

    Notification next = mem.notifications().append(draft);

    assertThat(mem.notifications().listAfter(alice, 0, 10)).containsExactly(first, next);
    assertThat(next.id()).isEqualTo(first.id() + 1);
  }

  @Test
  void ports_share_one_cipher_clock_and_id_order() {
    Ports ports = mem.ports();
    Secret secret = ports.secrets().newSecret();

    assertThat(mem.ports().cipher().decrypt(ports.cipher().encrypt(secret, "hook:1"), "hook:1")).isEqualTo(secret);
    String first = ports.ids().newId("conn");
    mem.clock().advance(Duration.ofMinutes(1));
    assertThat(ports.clock().instant()).isEqualTo(MutableClock.DEFAULT_START.plus(Duration.ofMinutes(1)));
    assertThat(ports.ids().newId("conn")).isGreaterThan(first);
  }

  @Test
  void the_recording_notifier_hands_out_in_order_and_flags_leftovers() {
    RecordingNotifier notifier = mem.notifier();
    Notification one = new Notification(1, alice, NotificationType.INCIDENT_OPENED, Map.of(), mem.clock().instant());
    Notification two = new Notification(2, alice, NotificationType.INCIDENT_RESOLVED, Map.of(), mem.clock().instant());
    notifier.publish(one);
    notifier.publish(two);

    assertThat(notifier.takeNext()).isEqualTo(one);
    assertThatThrownBy(notifier::assertExhausted).isInstanceOf(AssertionError.class).hasMessageContaining("unconsumed");
    assertThat(notifier.takeNext()).isEqualTo(two);
    notifier.assertExhausted();
    assertThat(notifier.all()).containsExactly(one, two);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
