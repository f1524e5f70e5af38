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
    RepositoryHook hook = new RepositoryHook(new HookId(uniqueId("hook")), repo.id(), Provider.GITLAB, null,
        new EncryptedSecret("v1:k:current"), new EncryptedSecret("v1:k:previous"), Sha256.hex(uniqueId("tok")),
        "https://hooks.example.com/gitlab", List.of("pipeline_events", "push_events"), HookStatus.FAILED,
        FailureReason.HOOK_LIMIT_REACHED, "Maximum number of project hooks (100) exceeded", user.id(), 3,
        t(1), t(2), t(3));

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
  void update_replaces_the_hook() {
    User user = newUser();
    User other = newUser();
    Repository repo = newRepository();
    RepositoryHook hook = newHook(repo, user);
    RepositoryHook changed = hook.withStatus(HookStatus.FAILED, FailureReason.RATE_LIMITED, "slow down", t(5))
        .withManager(other.id(), t(6))
        .withRotatedSecret(new EncryptedSecret("v1:k:rotated"), Sha256.hex("rotated" + hook.id()), t(7));

    store().update(changed);

    assertThat(store().find(hook.id())).contains(changed);
    assertThat(store().findByTokenHash(Provider.GITHUB, changed.tokenLookupHash())).contains(changed);
    assertThat(store().findByTokenHash(Provider.GITHUB, hook.tokenLookupHash())).isEmpty();
  }

  @Test
  void update_status_reports_a_change_and_leaves_other_columns_alone() {
    User user = newUser();
    RepositoryHook hook = newHook(newRepository(), user);
    RepositoryHook rotated = hook.withRotatedSecret(new EncryptedSecret("v1:k:new"), Sha256.hex("new" + hook.id()), t(3));
    store().update(rotated); // written after the ingest read the hook; the status change must keep it

    assertThat(store().updateStatus(hook.id(), HookStatus.ACTIVE, null, null, t(4))).isTrue();
    assertThat(store().updateStatus(hook.id(), HookStatus.ACTIVE, null, null, t(5))).isFalse();

    RepositoryHook found = store().find(hook.id()).orElseThrow();
    assertThat(found.status()).isEqualTo(HookStatus.ACTIVE);
    assertThat(found.secret()).isEqualTo(rotated.secret());
    assertThat(found.previousSecret()).isEqualTo(hook.secret());
    assertThat(found.secretVersion()).isEqualTo(2);
  }

  @Test
  void update_status_records_the_reason() {
    RepositoryHook hook = newHook(newRepository(), newUser());

    store().updateStatus(hook.id(), HookStatus.INACTIVE, FailureReason.HOOK_DELETED_BY_PROVIDER, "deleted", t(9));

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
