package dev.hookkeeper.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.usecase.UseCaseFixture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
    assertThat(lookup.reload(Provider.GITHUB, byId).orElseThrow().status())
        .isEqualTo(HookStatus.INACTIVE);
    assertThat(lookup.find(Provider.GITHUB, byId).orElseThrow().status())
        .isEqualTo(HookStatus.INACTIVE);
  }

  @Test
  void a_zero_time_reads_the_store_every_time() {
    HookLookup lookup = new HookLookup(f.stores.hooks(), Duration.ZERO);
    RepositoryHook first = lookup.find(Provider.GITHUB, byId).orElseThrow();
    f.stores.hooks().updateStatus(first.id(), HookStatus.INACTIVE, null, null, UseCaseFixture.T0);

    assertThat(lookup.find(Provider.GITHUB, byId).orElseThrow().status())
        .isEqualTo(HookStatus.INACTIVE);
  }

  @Test
  void a_miss_is_not_kept_so_a_new_hook_is_found_at_once() {
    HookLookup lookup = new HookLookup(f.stores.hooks(), Duration.ofHours(1));
    HookLocator later = new HookLocator.ByProviderHookId("777");
    assertThat(lookup.find(Provider.GITHUB, later)).isEmpty();

    RepositoryHook hook = f.hook();
    f.stores
        .hooks()
        .recordProviderHook(
            hook.id(), hook.providerHookId(), "777", hook.managedBy(), UseCaseFixture.T0);

    assertThat(lookup.find(Provider.GITHUB, later)).isPresent();
    assertThat(lookup.find(Provider.GITLAB, later)).isEmpty();
  }

  @Test
  void a_forgotten_hook_is_read_again() {
    HookLookup lookup = new HookLookup(f.stores.hooks(), Duration.ofHours(1));
    RepositoryHook first = lookup.find(Provider.GITHUB, byId).orElseThrow();
    f.stores.hooks().updateStatus(first.id(), HookStatus.ACTIVE, null, null, UseCaseFixture.T0);

    lookup.forget(first.id());

    assertThat(lookup.find(Provider.GITHUB, byId).orElseThrow().status())
        .isEqualTo(HookStatus.ACTIVE);
    assertThat(lookup.find(Provider.GITHUB, new HookLocator.Unidentifiable("token_missing")))
        .isEmpty();
  }

  @Test
  void a_read_that_started_before_a_forget_all_neither_fills_the_cache_nor_is_joined()
      throws Exception {
    aReadThatStartedBeforeAForgetDoesNotBringTheOldHookBack(HookLookup::forgetAll);
  }

  @Test
  void a_read_that_started_before_a_forget_of_its_hook_neither_fills_the_cache_nor_is_joined()
      throws Exception {
    aReadThatStartedBeforeAForgetDoesNotBringTheOldHookBack(lookup -> lookup.forget(f.hook().id()));
  }

  /**
   * The first store read returns the hook as it was and is then held; meanwhile the hook changes
   * and is forgotten (this process changed it, or another instance did and said so). A caller after
   * the forget must read again, not join the held read, and the held read, answering last, must not
   * put the old hook back.
   */
  private void aReadThatStartedBeforeAForgetDoesNotBringTheOldHookBack(Consumer<HookLookup> forget)
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstRead = new CountDownLatch(1);
    AtomicInteger reads = new AtomicInteger();
    HookStore real = f.stores.hooks();
    HookStore slowFirstRead =
        (HookStore)
            Proxy.newProxyInstance(
                HookStore.class.getClassLoader(),
                new Class<?>[] {HookStore.class},
                (proxy, method, args) -> {
                  Object result;
                  try {
                    result = method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (method.getName().equals("findByProviderHookId")
                      && reads.incrementAndGet() == 1) {
                    firstRead.countDown();
                    release.await(30, TimeUnit.SECONDS);
                  }
                  return result;
                });
    try (HookLookup lookup = new HookLookup(slowFirstRead, Duration.ofHours(1))) {
      CompletableFuture<Optional<RepositoryHook>> early =
          CompletableFuture.supplyAsync(() -> lookup.find(Provider.GITHUB, byId));
      assertThat(firstRead.await(30, TimeUnit.SECONDS)).isTrue();
      real.updateStatus(f.hook().id(), HookStatus.INACTIVE, null, null, UseCaseFixture.T0);
      forget.accept(lookup);

      assertThat(lookup.find(Provider.GITHUB, byId).orElseThrow().status())
          .as("not the read under way")
          .isEqualTo(HookStatus.INACTIVE);
      release.countDown();
      assertThat(early.get(30, TimeUnit.SECONDS).orElseThrow().status())
          .as("what the early read saw")
          .isNotEqualTo(HookStatus.INACTIVE);
      assertThat(lookup.find(Provider.GITHUB, byId).orElseThrow().status())
          .as("kept after the early read ended")
          .isEqualTo(HookStatus.INACTIVE);
      assertThat(reads.get()).isEqualTo(2);
    } finally {
      release.countDown();
    }
  }
}
