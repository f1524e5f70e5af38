package dev.hookkeeper.core.usecase;

import static dev.hookkeeper.core.usecase.UseCaseFixture.REPO;
import static dev.hookkeeper.core.usecase.UseCaseFixture.T0;
import static dev.hookkeeper.core.usecase.UseCaseFixture.failed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 10, item 12: API token rotation, provider token deletion, user deletion. */
class CredentialLifecycleTest {
  private static final String OTHER = "octocat/Spoon-Knife";

  private final UseCaseFixture f = new UseCaseFixture();

  @Test
  void a_rotated_api_token_replaces_the_old_one_at_once_and_is_stored_only_as_a_hash() {
    CreateUser.CreatedUser created = f.useCases.createUser().create("alice");
    String old = created.apiToken().reveal();

    RotateApiToken.Result result = f.useCases.rotateApiToken().rotate(created.user().id());

    assertThat(result).isInstanceOf(RotateApiToken.Result.Rotated.class);
    Secret fresh = ((RotateApiToken.Result.Rotated) result).apiToken();
    assertThat(fresh.reveal()).startsWith("hk_").hasSizeGreaterThan(40).isNotEqualTo(old);
    assertThat(result.toString()).doesNotContain(fresh.reveal());
    assertThat(f.useCases.authenticateUser().authenticate(old)).isEmpty();
    assertThat(f.useCases.authenticateUser().authenticate(fresh.reveal())).contains(created.user());
    assertThat(f.stores.users().findByApiToken(Sha256.hex(fresh.reveal()))).contains(created.user());
    assertThat(f.useCases.rotateApiToken().rotate(new UserId("usr_gone")))
        .isInstanceOf(RotateApiToken.Result.UserNotFound.class);
  }

  @Test
  void deleting_a_token_hands_its_hooks_to_another_connected_user_with_a_token() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    UserId bob = f.user("bob", AccessLevel.ADMIN);
    f.connect(alice);
    f.connect(bob);

    DeleteProviderToken.Result result = f.useCases.deleteProviderToken().delete(alice, Provider.GITHUB, false);

    assertThat(result).isEqualTo(new DeleteProviderToken.Result.Deleted(List.of(REPO), List.of(), List.of()));
    assertThat(f.stores.tokens().find(alice, Provider.GITHUB)).isEmpty();
    assertThat(f.hook().managedBy()).isEqualTo(bob);
    assertThat(f.github.hooks(REPO)).hasSize(1);
    assertThat(f.stores.connections().findByUserAndRepository(alice, f.repository().id())).isPresent();
  }

  @Test
  void a_token_that_alone_can_manage_a_hook_is_kept_unless_forced() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);

    DeleteProviderToken.Result refused = f.useCases.deleteProviderToken().delete(alice, Provider.GITHUB, false);

    assertThat(refused).isEqualTo(new DeleteProviderToken.Result.TokenInUse(List.of(REPO)));
    assertThat(f.stores.tokens().find(alice, Provider.GITHUB)).isPresent();
    assertThat(f.github.hooks(REPO)).hasSize(1);
    assertThat(f.github.calls(Operation.DELETE_HOOK)).isEmpty();
  }

  @Test
  void forced_the_token_first_deletes_the_hooks_only_it_can_manage() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    Secret token = f.stores.tokens().find(alice, Provider.GITHUB).orElseThrow().accessToken();
    f.connect(alice);

    DeleteProviderToken.Result result = f.useCases.deleteProviderToken().delete(alice, Provider.GITHUB, true);

    assertThat(result).isEqualTo(new DeleteProviderToken.Result.Deleted(List.of(), List.of(REPO), List.of()));
    assertThat(f.github.hooks(REPO)).isEmpty();
    assertThat(f.github.calls(Operation.DELETE_HOOK)).extracting(call -> call.token()).containsExactly(token);
    assertThat(f.stores.hooks().findByRepository(f.repository().id())).isEmpty();
    assertThat(f.stores.connections().findByUserAndRepository(alice, f.repository().id())).isEmpty();
    assertThat(f.stores.tokens().find(alice, Provider.GITHUB)).isEmpty();
  }

  @Test
  void a_connected_user_without_a_token_cannot_take_over_so_the_token_is_still_needed() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    UserId bob = f.user("bob", AccessLevel.ADMIN);
    f.connect(alice);
    f.connect(bob);
    assertThat(f.useCases.deleteProviderToken().delete(bob, Provider.GITHUB, false))
        .as("bob manages nothing").isInstanceOf(DeleteProviderToken.Result.Deleted.class);

    assertThat(f.useCases.deleteProviderToken().delete(alice, Provider.GITHUB, false))
        .isEqualTo(new DeleteProviderToken.Result.TokenInUse(List.of(REPO)));
    DeleteProviderToken.Result forced = f.useCases.deleteProviderToken().delete(alice, Provider.GITHUB, true);

    assertThat(forced).isEqualTo(new DeleteProviderToken.Result.Deleted(List.of(), List.of(REPO), List.of()));
    assertThat(f.github.hooks(REPO)).as("bob still uses it").hasSize(1);
    assertThat(f.hook().managedBy()).isEqualTo(bob);
  }

  @Test
  void a_queued_hook_deletion_needs_the_token_too() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);
    f.github.goDown();
    f.useCases.disconnectRepository().disconnect(alice, f.connectionOf(alice));
    f.github.comeBack();

    assertThat(f.useCases.deleteProviderToken().delete(alice, Provider.GITHUB, false))
        .isEqualTo(new DeleteProviderToken.Result.TokenInUse(List.of(REPO)));
    DeleteProviderToken.Result forced = f.useCases.deleteProviderToken().delete(alice, Provider.GITHUB, true);

    assertThat(forced).isEqualTo(new DeleteProviderToken.Result.Deleted(List.of(), List.of(), List.of()));
    assertThat(f.github.hooks(REPO)).isEmpty();
    assertThat(f.stores.cleanups().all()).isEmpty();
  }

  @Test
  void a_deletion_the_provider_still_refuses_stays_queued_for_a_token_stored_again() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);
    f.github.goDown();

    DeleteProviderToken.Result forced = f.useCases.deleteProviderToken().delete(alice, Provider.GITHUB, true);

    assertThat(forced).isEqualTo(new DeleteProviderToken.Result.Deleted(List.of(), List.of(REPO), List.of(REPO)));
    assertThat(f.stores.tokens().find(alice, Provider.GITHUB)).isEmpty();
    assertThat(f.stores.cleanups().all()).hasSize(1);
  }

  @Test
  void a_hook_never_created_at_the_provider_does_not_hold_the_token() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.github.failNext(Operation.CREATE_HOOK, FailureReason.HOOK_LIMIT_REACHED);
    f.connect(alice);

    assertThat(f.useCases.deleteProviderToken().delete(alice, Provider.GITHUB, false))
        .isEqualTo(new DeleteProviderToken.Result.Deleted(List.of(), List.of(), List.of()));
    assertThat(f.useCases.deleteProviderToken().delete(alice, Provider.GITHUB, false))
        .isInstanceOf(DeleteProviderToken.Result.NotFound.class);
  }

  @Test
  void deleting_a_user_disconnects_everything_deletes_the_hooks_they_were_last_on_and_what_was_only_theirs() {
    f.github.addRepository(OTHER, 1300192);
    CreateUser.CreatedUser created = f.useCases.createUser().create("alice");
    UserId alice = created.user().id();
    f.useCases.storeProviderToken().store(alice, Provider.GITHUB, f.github.addToken("alice", AccessLevel.ADMIN));
    UserId bob = f.user("bob", AccessLevel.ADMIN);
    f.connect(alice);
    f.activate();
    f.deliver("workflow_run", failed(1001, T0));
    assertThat(f.stores.incidents().listByUser(alice, null, PageRequest.first(10)).items()).hasSize(1);
    connect(alice, OTHER);
    connect(bob, OTHER);

    DeleteUser.Result result = f.useCases.deleteUser().delete(alice, false);

    assertThat(result).isInstanceOf(DeleteUser.Result.Deleted.class);
    DeleteUser.Result.Deleted deleted = (DeleteUser.Result.Deleted) result;
    assertThat(deleted.disconnected()).containsExactlyInAnyOrder(REPO, OTHER);
    assertThat(deleted.webhooksDeleted()).containsExactly(REPO);
    assertThat(deleted.abandoned()).isEmpty();
    assertThat(f.github.hooks(REPO)).isEmpty();
    assertThat(f.github.hooks(OTHER)).hasSize(1);
    assertThat(f.stores.hooks().listManagedBy(bob)).extracting(h -> h.repositoryId())
        .containsExactly(f.stores.repositories().findByProviderId(Provider.GITHUB, 1300192).orElseThrow().id());
    assertThat(f.stores.users().find(alice)).isEmpty();
    assertThat(f.useCases.authenticateUser().authenticate(created.apiToken().reveal())).isEmpty();
    assertThat(f.stores.tokens().find(alice, Provider.GITHUB)).isEmpty();
    assertThat(f.stores.connections().listByUser(alice, PageRequest.first(10)).items()).isEmpty();
    assertThat(f.stores.notifications().listAfter(alice, 0, 100)).isEmpty();
    assertThat(f.stores.incidents().listByUser(alice, null, PageRequest.first(10)).items()).isEmpty();
    assertThat(f.stores.cleanups().all()).isEmpty();
    assertThat(f.useCases.deleteUser().delete(alice, false)).isInstanceOf(DeleteUser.Result.NotFound.class);
  }

  @Test
  void a_hook_the_provider_will_not_delete_keeps_the_user_unless_forced() {
    CreateUser.CreatedUser created = f.useCases.createUser().create("alice");
    UserId alice = created.user().id();
    f.useCases.storeProviderToken().store(alice, Provider.GITHUB, f.github.addToken("alice", AccessLevel.ADMIN));
    f.connect(alice);
    String hookId = f.hook().providerHookId();
    f.github.goDown();

    DeleteUser.Result pending = f.useCases.deleteUser().delete(alice, false);

    assertThat(pending).isEqualTo(new DeleteUser.Result.DeletionsPending(List.of(REPO)));
    assertThat(f.stores.users().find(alice)).isPresent();
    assertThat(f.useCases.authenticateUser().authenticate(created.apiToken().reveal())).as("revoked").isEmpty();
    assertThat(f.stores.connections().listByUser(alice, PageRequest.first(10)).items()).isEmpty();
    assertThat(f.stores.cleanups().all()).hasSize(1);

    DeleteUser.Result forced = f.useCases.deleteUser().delete(alice, true);

    assertThat(forced).isInstanceOf(DeleteUser.Result.Deleted.class);
    assertThat(((DeleteUser.Result.Deleted) forced).abandoned()).singleElement().satisfies(a -> {
      assertThat(a.repositoryFullName()).isEqualTo(REPO);
      assertThat(a.providerHookId()).isEqualTo(hookId);
      assertThat(a.lastError()).startsWith("provider_unavailable");
    });
    assertThat(f.stores.users().find(alice)).isEmpty();
    assertThat(f.stores.cleanups().all()).isEmpty();
    f.github.comeBack();
    assertThat(f.github.hooks(REPO)).extracting(ProviderHook::providerHookId).containsExactly(hookId);
  }

  @Test
  void a_user_whose_hook_deletion_succeeds_on_a_later_try_is_deleted_then() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);
    f.github.goDown();
    assertThat(f.useCases.deleteUser().delete(alice, false)).isInstanceOf(DeleteUser.Result.DeletionsPending.class);
    f.github.comeBack();

    DeleteUser.Result result = f.useCases.deleteUser().delete(alice, false);

    assertThat(result).isEqualTo(new DeleteUser.Result.Deleted(List.of(), List.of(REPO), List.of()));
    assertThat(f.github.hooks(REPO)).isEmpty();
    assertThat(f.stores.users().find(alice)).isEmpty();
  }

  private void connect(UserId user, String repo) {
    assertThat(f.useCases.connectRepository().connect(user, Provider.GITHUB, repo))
        .isInstanceOf(ConnectRepository.Result.Connected.class);
  }
}
