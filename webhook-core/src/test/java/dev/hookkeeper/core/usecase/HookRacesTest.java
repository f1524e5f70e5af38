package dev.hookkeeper.core.usecase;

import static dev.hookkeeper.core.usecase.UseCaseFixture.REPO;
import static dev.hookkeeper.core.usecase.UseCaseFixture.REPO_ID;
import static dev.hookkeeper.core.usecase.UseCaseFixture.URL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi.Operation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What happens at the provider and in the hook row when something else happens while a provider
 * call is in flight (issue 10, items 4 and 10). Each race is forced deterministically: the action
 * runs on the caller's thread between the provider's answer and the use case's next step.
 */
class HookRacesTest {
  private final UseCaseFixture f = new UseCaseFixture();

  @Test
  void a_provisioning_that_finishes_after_its_hook_row_was_deleted_deletes_the_hook_it_created() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.racingGithub.after(Operation.CREATE_HOOK, () -> disconnect(alice));

    f.useCases.connectRepository().connect(alice, Provider.GITHUB, REPO);

    assertThat(f.github.hooks(REPO)).as("the hook created for a row that is gone").isEmpty();
    assertThat(f.stores.hooks().findByRepository(f.repository().id())).isEmpty();
    assertThat(f.stores.cleanups().all()).isEmpty();
  }

  @Test
  void a_provisioning_that_adopted_a_hook_for_a_row_deleted_meanwhile_deletes_it() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.github.addForeignHook(REPO, URL);
    f.racingGithub.after(Operation.LIST_HOOKS, () -> disconnect(alice));

    f.useCases.connectRepository().connect(alice, Provider.GITHUB, REPO);

    assertThat(f.github.hooks(REPO)).isEmpty();
    assertThat(f.stores.hooks().findByRepository(f.repository().id())).isEmpty();
    assertThat(f.stores.cleanups().all()).isEmpty();
  }

  @Test
  void a_join_that_races_the_last_disconnect_creates_the_hook_anew() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    UserId bob = f.user("bob", AccessLevel.ADMIN);
    f.connect(alice);
    // bob's proof of access has just passed when alice, the last user, leaves
    f.racingGithub.after(Operation.LIST_HOOKS, () -> disconnect(alice));

    ConnectionDetails bobs = f.connect(bob);

    assertThat(bobs.hook()).isNotNull();
    assertThat(f.hook().managedBy()).isEqualTo(bob);
    assertThat(f.github.hooks(REPO)).extracting(ProviderHook::providerHookId)
        .containsExactly(f.hook().providerHookId());
    assertThat(f.stores.cleanups().all()).isEmpty();
  }

  @Test
  void adopting_a_hook_cancels_its_queued_cleanup() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    UserId bob = f.user("bob", AccessLevel.ADMIN);
    f.connect(alice);
    String x = f.hook().providerHookId();
    f.github.goDown();
    f.useCases.disconnectRepository().disconnect(alice, f.connectionOf(alice));
    assertThat(f.stores.cleanups().all()).extracting(HookCleanup::providerHookId).containsExactly(x);
    f.github.comeBack();

    f.connect(bob);

    assertThat(f.hook().providerHookId()).as("bob's hook adopts X").isEqualTo(x);
    assertThat(f.stores.cleanups().all()).as("the cleanup of X is cancelled").isEmpty();
    f.stores.clock().advance(Duration.ofHours(7));
    f.useCases.runHookCleanups().runDue();
    assertThat(f.github.hooks(REPO)).extracting(ProviderHook::providerHookId).containsExactly(x);
  }

  @Test
  void a_cleanup_never_deletes_a_hook_that_a_current_row_references() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);
    RepositoryHook hook = f.hook();
    Instant now = f.stores.clock().instant();
    // what a provisioning whose row vanished queues when another row has adopted the same hook
    f.stores.cleanups().enqueue(new HookCleanup("cln_stale", Provider.GITHUB, alice, REPO_ID, REPO,
        hook.providerHookId(), 0, now, null, now));

    f.useCases.runHookCleanups().runDue();

    assertThat(f.github.hooks(REPO)).extracting(ProviderHook::providerHookId).containsExactly(hook.providerHookId());
    assertThat(f.stores.cleanups().all()).as("a cleanup of a hook in use is done, not retried").isEmpty();
  }

  @Test
  void a_cleanup_that_deletes_the_hook_while_it_is_being_adopted_leaves_a_fresh_working_hook() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    UserId bob = f.user("bob", AccessLevel.ADMIN);
    f.connect(alice);
    String x = f.hook().providerHookId();
    f.github.goDown();
    f.useCases.disconnectRepository().disconnect(alice, f.connectionOf(alice));
    f.github.comeBack();
    f.stores.clock().advance(Duration.ofMinutes(1));
    // bob's provisioning has listed X as pointing at us; the cleanup job deletes X just then
    f.racingGithub.after(Operation.LIST_HOOKS, () -> f.useCases.runHookCleanups().runDue());

    ConnectionDetails bobs = f.connect(bob);

    assertThat(bobs.hook().status()).isEqualTo(HookStatus.PENDING);
    assertThat(f.hook().providerHookId()).isNotNull().isNotEqualTo(x);
    assertThat(f.github.hooks(REPO)).extracting(ProviderHook::providerHookId)
        .containsExactly(f.hook().providerHookId());
    assertThat(f.github.secretOf(f.hook().providerHookId())).contains(f.secretOf(f.hook()).reveal());
    assertThat(f.stores.cleanups().all()).isEmpty();
  }

  @Test
  void a_delivery_during_a_provider_call_is_not_undone_by_the_provisioning() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);
    f.activate();
    RepositoryHook hook = f.hook();
    f.stores.hooks().updateStatus(hook.id(), HookStatus.INACTIVE, FailureReason.HOOK_DISABLED_BY_PROVIDER,
        "disabled after failures", f.stores.clock().instant());
    Instant deliveredAt = f.stores.clock().advance(Duration.ofMinutes(5));
    // retrying re-enables the hook at the provider, which delivers a queued event at once
    f.racingGithub.after(Operation.UPDATE_HOOK, () -> f.deliver("push",
        new DomainEvent.Pushed("refs/heads/main", "a".repeat(40), "b".repeat(40), 1, "alice", false)));

    f.useCases.retryHookCreation().retry(alice, f.connectionOf(alice));

    RepositoryHook after = f.hook();
    assertThat(after.lastDeliveryAt()).as("last delivery kept").isEqualTo(deliveredAt);
    assertThat(after.status()).as("the delivery proved the hook works").isEqualTo(HookStatus.ACTIVE);
    assertThat(after.providerHookId()).isEqualTo(hook.providerHookId());
  }

  private void disconnect(UserId user) {
    assertThat(f.useCases.disconnectRepository().disconnect(user, f.connectionOf(user)))
        .isInstanceOf(DisconnectRepository.Result.Disconnected.class);
  }
}
