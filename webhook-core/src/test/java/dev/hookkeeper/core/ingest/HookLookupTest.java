package dev.hookkeeper.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.usecase.UseCaseFixture;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HookLookupTest {
  private final UseCaseFixture f = new UseCaseFixture();
  private HookLocator byId;

  @BeforeEach
  void a_hook_exists() {
    f.connect(f.user("alice", AccessLevel.ADMIN));
    byId = new HookLocator.ByProviderHookId(f.hook().providerHookId());
  }

  @Test
  void a_found_hook_is_reused_within_its_time() {
    HookLookup lookup = new HookLookup(f.stores.hooks(), Duration.ofHours(1));
    RepositoryHook first = lookup.find(Provider.GITHUB, byId).orElseThrow();
    f.stores.hooks().updateStatus(first.id(), HookStatus.INACTIVE, null, null, UseCaseFixture.T0);

    assertThat(lookup.find(Provider.GITHUB, byId)).contains(first);
    assertThat(lookup.reload(Provider.GITHUB, byId).orElseThrow().status()).isEqualTo(HookStatus.INACTIVE);
    assertThat(lookup.find(Provider.GITHUB, byId).orElseThrow().status()).isEqualTo(HookStatus.INACTIVE);
  }

  @Test
  void a_zero_time_reads_the_store_every_time() {
    HookLookup lookup = new HookLookup(f.stores.hooks(), Duration.ZERO);
    RepositoryHook first = lookup.find(Provider.GITHUB, byId).orElseThrow();
    f.stores.hooks().updateStatus(first.id(), HookStatus.INACTIVE, null, null, UseCaseFixture.T0);

    assertThat(lookup.find(Provider.GITHUB, byId).orElseThrow().status()).isEqualTo(HookStatus.INACTIVE);
  }

  @Test
  void a_miss_is_not_kept_so_a_new_hook_is_found_at_once() {
    HookLookup lookup = new HookLookup(f.stores.hooks(), Duration.ofHours(1));
    HookLocator later = new HookLocator.ByProviderHookId("777");
    assertThat(lookup.find(Provider.GITHUB, later)).isEmpty();

    RepositoryHook hook = f.hook();
    f.stores.hooks().recordProviderHook(hook.id(), hook.providerHookId(), "777", hook.managedBy(), UseCaseFixture.T0);

    assertThat(lookup.find(Provider.GITHUB, later)).isPresent();
    assertThat(lookup.find(Provider.GITLAB, later)).isEmpty();
  }

  @Test
  void a_forgotten_hook_is_read_again() {
    HookLookup lookup = new HookLookup(f.stores.hooks(), Duration.ofHours(1));
    RepositoryHook first = lookup.find(Provider.GITHUB, byId).orElseThrow();
    f.stores.hooks().updateStatus(first.id(), HookStatus.ACTIVE, null, null, UseCaseFixture.T0);

    lookup.forget(first.id());

    assertThat(lookup.find(Provider.GITHUB, byId).orElseThrow().status()).isEqualTo(HookStatus.ACTIVE);
    assertThat(lookup.find(Provider.GITHUB, new HookLocator.Unidentifiable("token_missing"))).isEmpty();
  }
}
