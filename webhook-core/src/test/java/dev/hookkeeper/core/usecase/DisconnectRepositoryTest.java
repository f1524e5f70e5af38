package dev.hookkeeper.core.usecase;

import static dev.hookkeeper.core.usecase.UseCaseFixture.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi.Operation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisconnectRepositoryTest {
  private final UseCaseFixture f = new UseCaseFixture();

  @Test
  void the_last_disconnection_deletes_the_hook_at_the_provider() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    ConnectionId id = f.connect(alice).connection().id();

    DisconnectRepository.Result result = f.useCases.disconnectRepository().disconnect(alice, id);

    assertThat(result).isEqualTo(new DisconnectRepository.Result.Disconnected(true, "Disconnected and webhook deleted."));
    assertThat(f.github.hooks(REPO)).isEmpty();
    assertThat(f.stores.hooks().findByRepository(f.repository().id())).isEmpty();
    assertThat(f.stores.connections().find(id)).isEmpty();
    assertThat(f.stores.cleanups().all()).isEmpty();
  }

  @Test
  void a_disconnection_that_is_not_the_last_keeps_the_hook_and_hands_over_management() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    UserId bob = f.user("bob", AccessLevel.ADMIN);
    ConnectionId alices = f.connect(alice).connection().id();
    f.connect(bob);

    DisconnectRepository.Result result = f.useCases.disconnectRepository().disconnect(alice, alices);

    assertThat(result).isInstanceOf(DisconnectRepository.Result.Disconnected.class);
    assertThat(((DisconnectRepository.Result.Disconnected) result).hookDeleted()).isFalse();
    assertThat(f.github.hooks(REPO)).hasSize(1);
    assertThat(f.hook().managedBy()).isEqualTo(bob);
    assertThat(f.github.calls(Operation.DELETE_HOOK)).isEmpty();

    // bob, now the manager, is the last one: his token deletes the hook
    DisconnectRepository.Result last = f.useCases.disconnectRepository().disconnect(bob, f.connectionOf(bob));
    assertThat(((DisconnectRepository.Result.Disconnected) last).hookDeleted()).isTrue();
    assertThat(f.github.hooks(REPO)).isEmpty();
  }

  @Test
  void a_provider_outage_queues_the_deletion_and_a_later_run_completes_it() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    ConnectionId id = f.connect(alice).connection().id();
    f.github.goDown();

    DisconnectRepository.Result result = f.useCases.disconnectRepository().disconnect(alice, id);

    assertThat(((DisconnectRepository.Result.Disconnected) result).hookDeleted()).isFalse();
    assertThat(f.stores.connections().find(id)).isEmpty();
    List<HookCleanup> queued = f.stores.cleanups().all();
    assertThat(queued).hasSize(1);
    assertThat(queued.get(0).attempts()).isEqualTo(1);
    assertThat(queued.get(0).lastError()).startsWith("provider_unavailable");
    assertThat(f.useCases.runHookCleanups().runDue()).as("not due yet").isZero();

    f.github.comeBack();
    f.stores.clock().advance(Duration.ofMinutes(1));
    assertThat(f.useCases.runHookCleanups().runDue()).isEqualTo(1);

    assertThat(f.github.hooks(REPO)).isEmpty();
    assertThat(f.stores.cleanups().all()).isEmpty();
  }

  @Test
  void retries_back_off_exponentially_while_the_provider_refuses() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    ConnectionId id = f.connect(alice).connection().id();
    f.github.grant(f.stores.tokens().find(alice, dev.hookkeeper.core.model.Provider.GITHUB).orElseThrow().accessToken(),
        REPO, AccessLevel.READ);

    f.useCases.disconnectRepository().disconnect(alice, id);
    f.stores.clock().advance(Duration.ofMinutes(1));
    f.useCases.runHookCleanups().runDue();

    HookCleanup queued = f.stores.cleanups().all().get(0);
    assertThat(queued.attempts()).isEqualTo(2);
    assertThat(queued.lastError()).startsWith(FailureReason.INSUFFICIENT_PERMISSIONS.code());
    assertThat(queued.nextAttemptAt()).isEqualTo(f.stores.clock().instant().plus(Duration.ofMinutes(2)));
    assertThat(f.github.hooks(REPO)).hasSize(1);
    assertThat(HookCleaner.backoff(30)).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void a_hook_already_gone_at_the_provider_counts_as_deleted() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    ConnectionId id = f.connect(alice).connection().id();
    f.github.outOfBand().deleteHook(f.hook().providerHookId());

    DisconnectRepository.Result result = f.useCases.disconnectRepository().disconnect(alice, id);

    assertThat(((DisconnectRepository.Result.Disconnected) result).hookDeleted()).isTrue();
    assertThat(f.stores.cleanups().all()).isEmpty();
  }

  @Test
  void another_users_connection_is_not_found_and_stays() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    UserId mallory = f.user("mallory", AccessLevel.ADMIN);
    ConnectionId id = f.connect(alice).connection().id();

    assertThat(f.useCases.disconnectRepository().disconnect(mallory, id))
        .isInstanceOf(DisconnectRepository.Result.NotFound.class);
    assertThat(f.stores.connections().find(id)).isPresent();
    assertThat(f.github.hooks(REPO)).hasSize(1);
  }

  @Test
  void a_hook_never_created_at_the_provider_is_just_forgotten() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.github.failNext(Operation.CREATE_HOOK, FailureReason.HOOK_LIMIT_REACHED);
    ConnectionId id = f.connect(alice).connection().id();

    DisconnectRepository.Result result = f.useCases.disconnectRepository().disconnect(alice, id);

    assertThat(((DisconnectRepository.Result.Disconnected) result).hookDeleted()).isTrue();
    assertThat(f.github.calls(Operation.DELETE_HOOK)).isEmpty();
    assertThat(f.stores.hooks().findByRepository(f.repository().id())).isEmpty();
  }
}
