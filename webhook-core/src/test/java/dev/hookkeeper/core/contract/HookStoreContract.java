package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.HookStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link HookStore} must do. */
public abstract class HookStoreContract extends StoreContractSupport {

  private HookStore store() {
    return stores().hooks();
  }

  @Test
  void stores_a_hook_and_finds_it_every_way() {
    User user = newUser();
    Repository repo = newRepository();
    RepositoryHook hook = hookFor(repo, user).withProviderHook("9001" + uniqueNumber(), t(1));

    assertThat(store().insertIfAbsent(hook)).isTrue();

    assertThat(store().find(hook.id())).contains(hook);
    assertThat(store().findByRepository(repo.id())).contains(hook);
    assertThat(store().findByProviderHookId(Provider.GITHUB, hook.providerHookId())).contains(hook);
    assertThat(store().findByTokenHash(Provider.GITHUB, hook.tokenLookupHash())).contains(hook);
  }

  @Test
  void keeps_every_field_including_nullable_ones() {
    User user = newUser();
    Repository repo = newRepository(Provider.GITLAB);
    RepositoryHook hook =
        new RepositoryHook(
            new HookId(uniqueId("hook")),
            repo.id(),
            Provider.GITLAB,
            null,
            new EncryptedSecret("v1:k:current"),
            new EncryptedSecret("v1:k:previous"),
            Sha256.hex(uniqueId("tok")),
            "https://hooks.example.com/gitlab",
            List.of("pipeline_events", "push_events"),
            HookStatus.FAILED,
            FailureReason.HOOK_LIMIT_REACHED,
            "Maximum number of project hooks (100) exceeded",
            user.id(),
            3,
            t(1),
            t(2),
            t(3),
            t(4));

    store().insertIfAbsent(hook);

    assertThat(store().find(hook.id())).contains(hook);
  }

  @Test
  void refuses_a_second_hook_for_a_repository() {
    User user = newUser();
    Repository repo = newRepository();
    RepositoryHook first = newHook(repo, user);

    assertThat(store().insertIfAbsent(hookFor(repo, user))).isFalse();
    assertThat(store().findByRepository(repo.id())).contains(first);
  }

  @Test
  void of_concurrent_inserts_for_one_repository_exactly_one_wins() {
    User user = newUser();
    Repository repo = newRepository();

    List<Boolean> won = concurrently(16, i -> store().insertIfAbsent(hookFor(repo, user)));

    assertThat(won).containsOnlyOnce(true);
    assertThat(store().findByRepository(repo.id())).isPresent();
  }

  @Test
  void rotating_the_secret_keeps_the_previous_one_and_moves_the_lookup_hash() {
    RepositoryHook hook = newHook(newRepository(), newUser());
    store().markDelivered(hook.id(), t(4));
    EncryptedSecret fresh = new EncryptedSecret("v1:k:rotated");
    String freshHash = Sha256.hex("rotated" + hook.id());

    assertThat(store().rotateSecret(hook.id(), fresh, freshHash, t(7))).isTrue();

    RepositoryHook found = store().find(hook.id()).orElseThrow();
    assertThat(found.secret()).isEqualTo(fresh);
    assertThat(found.previousSecret()).isEqualTo(hook.secret());
    assertThat(found.secretVersion()).isEqualTo(2);
    assertThat(found.lastDeliveryAt()).isEqualTo(t(4));
    assertThat(found.secretSetAt()).isEqualTo(t(7));
    assertThat(store().findByTokenHash(Provider.GITHUB, freshHash)).contains(found);
    // during the grace period a GitLab delivery with the old token still finds its hook
    assertThat(store().findByTokenHash(Provider.GITHUB, hook.tokenLookupHash())).contains(found);
    assertThat(
            store()
                .rotateSecret(new HookId(uniqueId("hook")), fresh, Sha256.hex(uniqueId("x")), t(8)))
        .isFalse();
  }

  @Test
  void retiring_forgets_previous_secrets_set_before_the_cutoff_only() {
    User user = newUser();
    RepositoryHook early = newHook(newRepository(), user);
    RepositoryHook late = newHook(newRepository(), user);
    RepositoryHook never = newHook(newRepository(), user);
    String earlyHash = Sha256.hex(uniqueId("early"));
    store().rotateSecret(early.id(), new EncryptedSecret("v1:k:early2"), earlyHash, t(10));
    store()
        .rotateSecret(
            late.id(), new EncryptedSecret("v1:k:late2"), Sha256.hex(uniqueId("late")), t(20));

    List<HookId> retired = store().retirePreviousSecrets(t(15), 10);

    assertThat(retired).contains(early.id()).doesNotContain(late.id(), never.id());
    RepositoryHook e = store().find(early.id()).orElseThrow();
    assertThat(e.previousSecret()).isNull();
    assertThat(e.secret()).isEqualTo(new EncryptedSecret("v1:k:early2"));
    assertThat(store().findByTokenHash(Provider.GITHUB, early.tokenLookupHash())).isEmpty();
    assertThat(store().findByTokenHash(Provider.GITHUB, earlyHash)).isPresent();
    assertThat(store().find(late.id()).orElseThrow().previousSecret()).isEqualTo(late.secret());
    assertThat(store().findByTokenHash(Provider.GITHUB, late.tokenLookupHash())).isPresent();
    assertThat(store().retirePreviousSecrets(t(15), 10)).doesNotContain(early.id());
  }

  @Test
  void retiring_takes_at_most_the_limit() {
    User user = newUser();
    for (int i = 0; i < 3; i++) {
      RepositoryHook h = newHook(newRepository(), user);
      store()
          .rotateSecret(h.id(), new EncryptedSecret("v1:k:r" + i), Sha256.hex(uniqueId("r")), t(1));
    }
    assertThat(store().retirePreviousSecrets(t(2), 2)).hasSize(2);
  }

  @Test
  void abandoning_a_rotation_puts_the_previous_secret_back_only_while_that_rotation_is_current() {
    User user = newUser();
    RepositoryHook hook = newHook(newRepository(Provider.GITLAB), user);
    String freshHash = Sha256.hex(uniqueId("fresh"));
    store().rotateSecret(hook.id(), new EncryptedSecret("v1:k:fresh"), freshHash, t(5));

    assertThat(store().abandonRotation(hook.id(), Sha256.hex("not-current"), t(6))).isFalse();
    assertThat(store().abandonRotation(hook.id(), freshHash, t(6))).isTrue();

    RepositoryHook back = store().find(hook.id()).orElseThrow();
    assertThat(back.secret()).isEqualTo(hook.secret());
    assertThat(back.previousSecret()).isNull();
    assertThat(back.tokenLookupHash()).isEqualTo(hook.tokenLookupHash());
    assertThat(store().findByTokenHash(Provider.GITLAB, hook.tokenLookupHash())).contains(back);
    assertThat(store().findByTokenHash(Provider.GITLAB, freshHash)).isEmpty();
    assertThat(store().abandonRotation(hook.id(), freshHash, t(7))).isFalse();
  }

  @Test
  void recording_the_spec_sets_url_and_events_only() {
    User user = newUser();
    RepositoryHook hook = newHook(newRepository(), user);
    store().markDelivered(hook.id(), t(3));

    assertThat(
            store()
                .recordSpec(
                    hook.id(),
                    "https://new.example.com/api/v2/webhooks/github",
                    List.of("workflow_run", "meta"),
                    t(4)))
        .isTrue();

    RepositoryHook found = store().find(hook.id()).orElseThrow();
    assertThat(found.url()).isEqualTo("https://new.example.com/api/v2/webhooks/github");
    assertThat(found.events()).containsExactly("workflow_run", "meta");
    assertThat(found.secret()).isEqualTo(hook.secret());
    assertThat(found.status()).isEqualTo(hook.status());
    assertThat(found.lastDeliveryAt()).isEqualTo(t(3));
    assertThat(store().recordSpec(new HookId(uniqueId("hook")), "https://x", List.of("push"), t(5)))
        .isFalse();
  }

  @Test
  void a_conditional_status_update_changes_only_the_expected_status() {
    User user = newUser();
    RepositoryHook hook = newHook(newRepository(), user);

    assertThat(
            store()
                .updateStatusIf(
                    hook.id(),
                    HookStatus.ACTIVE,
                    HookStatus.DEGRADED,
                    FailureReason.DELIVERIES_FAILING,
                    "x",
                    t(2)))
        .isFalse();
    assertThat(store().find(hook.id()).orElseThrow().status()).isEqualTo(hook.status());
    assertThat(
            store()
                .updateStatusIf(
                    hook.id(),
                    hook.status(),
                    HookStatus.DEGRADED,
                    FailureReason.TOKEN_REVOKED,
                    "revoked",
                    t(3)))
        .isTrue();
    RepositoryHook found = store().find(hook.id()).orElseThrow();
    assertThat(found.status()).isEqualTo(HookStatus.DEGRADED);
    assertThat(found.failureReason()).isEqualTo(FailureReason.TOKEN_REVOKED);
    assertThat(found.failureMessage()).isEqualTo("revoked");
    assertThat(
            store()
                .updateStatusIf(
                    new HookId(uniqueId("hook")),
                    HookStatus.PENDING,
                    HookStatus.ACTIVE,
                    null,
                    null,
                    t(4)))
        .isFalse();
  }

  @Test
  void stores_the_new_statuses() {
    User user = newUser();
    RepositoryHook hook = newHook(newRepository(), user);
    for (HookStatus status : List.of(HookStatus.DEGRADED, HookStatus.ARCHIVED)) {
      store().updateStatus(hook.id(), status, null, null, t(2));
      assertThat(store().find(hook.id()).orElseThrow().status()).isEqualTo(status);
    }
  }

  @Test
  void counts_hooks_by_status() {
    java.util.Map<HookStatus, Long> before = store().countByStatus();
    User user = newUser();
    RepositoryHook a = newHook(newRepository(), user);
    newHook(newRepository(), user);
    store().updateStatus(a.id(), HookStatus.DEGRADED, FailureReason.TOKEN_REVOKED, null, t(2));

    java.util.Map<HookStatus, Long> after = store().countByStatus();

    assertThat(after.keySet()).containsExactlyInAnyOrder(HookStatus.values());
    assertThat(after.get(HookStatus.DEGRADED) - before.getOrDefault(HookStatus.DEGRADED, 0L))
        .isEqualTo(1);
    assertThat(after.get(HookStatus.PENDING) - before.getOrDefault(HookStatus.PENDING, 0L))
        .isEqualTo(1);
  }

  @Test
  void update_status_reports_a_change_and_leaves_other_columns_alone() {
    User user = newUser();
    RepositoryHook hook = newHook(newRepository(), user);
    // written after the ingest read the hook; the status change must keep it
    store()
        .rotateSecret(
            hook.id(), new EncryptedSecret("v1:k:new"), Sha256.hex("new" + hook.id()), t(3));

    assertThat(store().updateStatus(hook.id(), HookStatus.ACTIVE, null, null, t(4))).isTrue();
    assertThat(store().updateStatus(hook.id(), HookStatus.ACTIVE, null, null, t(5))).isFalse();

    RepositoryHook found = store().find(hook.id()).orElseThrow();
    assertThat(found.status()).isEqualTo(HookStatus.ACTIVE);
    assertThat(found.secret()).isEqualTo(new EncryptedSecret("v1:k:new"));
    assertThat(found.previousSecret()).isEqualTo(hook.secret());
    assertThat(found.secretVersion()).isEqualTo(2);
  }

  @Test
  void recording_the_provider_hook_sets_id_manager_and_pending_and_keeps_the_rest() {
    User user = newUser();
    User other = newUser();
    RepositoryHook hook = hookFor(newRepository(), user);
    store().insertIfAbsent(hook);
    store()
        .updateStatus(hook.id(), HookStatus.FAILED, FailureReason.RATE_LIMITED, "slow down", t(2));
    store().markDelivered(hook.id(), t(3));
    String x = "x" + uniqueNumber();

    assertThat(store().recordProviderHook(hook.id(), null, x, other.id(), t(5))).isTrue();

    RepositoryHook found = store().find(hook.id()).orElseThrow();
    assertThat(found.providerHookId()).isEqualTo(x);
    assertThat(found.managedBy()).isEqualTo(other.id());
    assertThat(found.status()).isEqualTo(HookStatus.PENDING);
    assertThat(found.failureReason()).isNull();
    assertThat(found.failureMessage()).isNull();
    assertThat(found.updatedAt()).isEqualTo(t(5));
    assertThat(found.lastDeliveryAt()).as("a delivery time is never undone").isEqualTo(t(3));
    assertThat(found.secret()).isEqualTo(hook.secret());
    assertThat(found.tokenLookupHash()).isEqualTo(hook.tokenLookupHash());
    assertThat(store().findByProviderHookId(Provider.GITHUB, x)).contains(found);
  }

  @Test
  void recording_the_provider_hook_keeps_an_active_status_that_same_hook_earned() {
    RepositoryHook hook = newHook(newRepository(), newUser());
    store().updateStatus(hook.id(), HookStatus.ACTIVE, null, null, t(2));

    assertThat(
            store()
                .recordProviderHook(hook.id(), null, hook.providerHookId(), hook.managedBy(), t(3)))
        .isTrue();
    assertThat(store().find(hook.id()).orElseThrow().status()).isEqualTo(HookStatus.ACTIVE);

    String other = "y" + uniqueNumber();
    assertThat(
            store()
                .recordProviderHook(
                    hook.id(), hook.providerHookId(), other, hook.managedBy(), t(4)))
        .isTrue();
    assertThat(store().find(hook.id()).orElseThrow().status())
        .as("a new provider hook has proven nothing yet")
        .isEqualTo(HookStatus.PENDING);
  }

  @Test
  void recording_the_provider_hook_is_a_compare_and_set() {
    User user = newUser();
    RepositoryHook hook = hookFor(newRepository(), user);
    store().insertIfAbsent(hook);
    String first = "first" + uniqueNumber();
    String second = "second" + uniqueNumber();
    assertThat(store().recordProviderHook(hook.id(), null, first, user.id(), t(1))).isTrue();

    assertThat(store().recordProviderHook(hook.id(), null, second, user.id(), t(2)))
        .as("a concurrent provisioning recorded another hook first")
        .isFalse();
    assertThat(store().recordProviderHook(hook.id(), null, first, user.id(), t(3)))
        .as("both adopted the same hook")
        .isTrue();
    assertThat(store().find(hook.id()).orElseThrow().providerHookId()).isEqualTo(first);
    store().delete(hook.id());
    assertThat(store().recordProviderHook(hook.id(), first, second, user.id(), t(4)))
        .as("the row is gone")
        .isFalse();
  }

  @Test
  void recording_a_refusal_fails_the_hook_and_keeps_the_rest() {
    User user = newUser();
    User other = newUser();
    RepositoryHook hook = newHook(newRepository(), user);
    store().markDelivered(hook.id(), t(3));

    assertThat(
            store()
                .recordRefusal(
                    hook.id(),
                    "not-" + hook.providerHookId(),
                    other.id(),
                    FailureReason.INSUFFICIENT_PERMISSIONS,
                    "no",
                    t(4)))
        .as("names another hook")
        .isFalse();
    assertThat(
            store()
                .recordRefusal(
                    hook.id(),
                    hook.providerHookId(),
                    other.id(),
                    FailureReason.HOOK_LIMIT_REACHED,
                    "Maximum number of hooks",
                    t(5)))
        .isTrue();

    RepositoryHook found = store().find(hook.id()).orElseThrow();
    assertThat(found.status()).isEqualTo(HookStatus.FAILED);
    assertThat(found.failureReason()).isEqualTo(FailureReason.HOOK_LIMIT_REACHED);
    assertThat(found.failureMessage()).isEqualTo("Maximum number of hooks");
    assertThat(found.managedBy()).isEqualTo(other.id());
    assertThat(found.providerHookId()).isEqualTo(hook.providerHookId());
    assertThat(found.lastDeliveryAt()).isEqualTo(t(3));
  }

  @Test
  void hands_over_only_from_the_current_manager() {
    User alice = newUser();
    User bob = newUser();
    User carol = newUser();
    RepositoryHook hook = newHook(newRepository(), alice);
    store().markDelivered(hook.id(), t(3));

    assertThat(store().handOver(hook.id(), bob.id(), carol.id(), t(4))).isFalse();
    assertThat(store().handOver(hook.id(), alice.id(), bob.id(), t(5))).isTrue();

    RepositoryHook found = store().find(hook.id()).orElseThrow();
    assertThat(found.managedBy()).isEqualTo(bob.id());
    assertThat(found.lastDeliveryAt()).isEqualTo(t(3));
    assertThat(found.status()).isEqualTo(hook.status());
  }

  @Test
  void lists_the_hooks_a_user_manages() {
    User alice = newUser();
    User bob = newUser();
    RepositoryHook first = newHook(newRepository(), alice);
    RepositoryHook second = newHook(newRepository(Provider.GITLAB), alice);
    newHook(newRepository(), bob);

    assertThat(store().listManagedBy(alice.id()))
        .extracting(RepositoryHook::id)
        .containsExactlyInAnyOrder(first.id(), second.id());
    store().handOver(first.id(), alice.id(), bob.id(), t(1));
    assertThat(store().listManagedBy(alice.id()))
        .extracting(RepositoryHook::id)
        .containsExactly(second.id());
    assertThat(store().listManagedBy(newUser().id())).isEmpty();
  }

  @Test
  void locking_by_repository_finds_the_hook_inside_a_transaction() {
    Repository repo = newRepository();
    RepositoryHook hook = newHook(repo, newUser());

    assertThat(stores().tx().inTransaction(() -> store().lockByRepository(repo.id())))
        .contains(hook);
    assertThat(stores().tx().inTransaction(() -> store().lockByRepository(newRepository().id())))
        .isEmpty();
  }

  @Test
  void a_second_locker_waits_for_the_first_and_sees_what_it_committed() throws Exception {
    Repository repo = newRepository();
    newHook(repo, newUser());
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> first =
          pool.submit(
              () ->
                  stores()
                      .tx()
                      .inTransaction(
                          () -> {
                            RepositoryHook mine = store().lockByRepository(repo.id()).orElseThrow();
                            locked.countDown();
                            await(release);
                            store().delete(mine.id());
                            return null;
                          }));
      assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
      Future<Optional<RepositoryHook>> second =
          pool.submit(() -> stores().tx().inTransaction(() -> store().lockByRepository(repo.id())));
      Thread.sleep(200);
      assertThat(second.isDone())
          .as("the second locker waits while the first holds the lock")
          .isFalse();
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      assertThat(second.get(10, TimeUnit.SECONDS)).as("it sees the first one's delete").isEmpty();
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  /** Waits for {@code latch}, bounded: a broken store must fail the test, not hang it. */
  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) throw new AssertionError("never released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void update_status_records_the_reason() {
    RepositoryHook hook = newHook(newRepository(), newUser());

    store()
        .updateStatus(
            hook.id(),
            HookStatus.INACTIVE,
            FailureReason.HOOK_DELETED_BY_PROVIDER,
            "deleted",
            t(9));

    RepositoryHook found = store().find(hook.id()).orElseThrow();
    assertThat(found.status()).isEqualTo(HookStatus.INACTIVE);
    assertThat(found.failureReason()).isEqualTo(FailureReason.HOOK_DELETED_BY_PROVIDER);
    assertThat(found.failureMessage()).isEqualTo("deleted");
  }

  @Test
  void marks_deliveries_forward_only() {
    RepositoryHook hook = newHook(newRepository(), newUser());

    store().markDelivered(hook.id(), t(100));
    store().markDelivered(hook.id(), t(50));

    RepositoryHook found = store().find(hook.id()).orElseThrow();
    assertThat(found.lastDeliveryAt()).isEqualTo(t(100));
    assertThat(found.updatedAt()).isEqualTo(hook.updatedAt());
    store().markDelivered(hook.id(), t(200));
    assertThat(store().find(hook.id()).orElseThrow().lastDeliveryAt()).isEqualTo(t(200));
  }

  @Test
  void lookups_are_per_provider() {
    RepositoryHook hook = newHook(newRepository(Provider.GITHUB), newUser());

    assertThat(store().findByProviderHookId(Provider.GITLAB, hook.providerHookId())).isEmpty();
    assertThat(store().findByTokenHash(Provider.GITLAB, hook.tokenLookupHash())).isEmpty();
  }

  @Test
  void delete_removes_the_hook_and_frees_the_repository() {
    User user = newUser();
    Repository repo = newRepository();
    RepositoryHook hook = newHook(repo, user);

    store().delete(hook.id());

    assertThat(store().find(hook.id())).isEmpty();
    assertThat(store().findByRepository(repo.id())).isEmpty();
    assertThat(store().findByProviderHookId(Provider.GITHUB, hook.providerHookId())).isEmpty();
    assertThat(store().insertIfAbsent(hookFor(repo, user))).isTrue();
  }

  @Test
  void finds_nothing_for_unknown_keys() {
    assertThat(store().find(new HookId(uniqueId("hook")))).isEmpty();
    assertThat(store().findByRepository(newRepository().id())).isEmpty();
    assertThat(store().findByProviderHookId(Provider.GITHUB, "no-such-hook")).isEmpty();
    assertThat(store().findByTokenHash(Provider.GITLAB, Sha256.hex("nothing"))).isEmpty();
  }
}
