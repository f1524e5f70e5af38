package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.HookCleanupQueue;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HookCleanupQueue} must do. The queue is global, so each test looks only at
 * the cleanups it enqueued, far in the past, where no other test puts any.
 */
public abstract class HookCleanupQueueContract extends StoreContractSupport {
  private static final Instant BASE = Instant.parse("2001-01-01T00:00:00Z");

  private HookCleanupQueue queue() {
    return stores().cleanups();
  }

  private HookCleanup cleanup(User owner, Instant nextAttemptAt) {
    long repoId = uniqueNumber();
    return new HookCleanup(uniqueId("hcl"), Provider.GITHUB, owner.id(), repoId, "octo/gone-" + repoId,
        Long.toString(uniqueNumber()), 0, nextAttemptAt, null, BASE);
  }

  private List<HookCleanup> dueOfMine(Instant now, Set<String> mine) {
    return queue().due(now, 1000).stream().filter(c -> mine.contains(c.id())).toList();
  }

  @Test
  void hands_out_due_cleanups_oldest_due_first() {
    User owner = newUser();
    HookCleanup later = cleanup(owner, BASE.plusSeconds(20));
    HookCleanup sooner = cleanup(owner, BASE.plusSeconds(10));
    HookCleanup future = cleanup(owner, BASE.plusSeconds(100));
    queue().enqueue(later);
    queue().enqueue(sooner);
    queue().enqueue(future);
    Set<String> mine = Set.of(later.id(), sooner.id(), future.id());

    assertThat(dueOfMine(BASE.plusSeconds(20), mine)).containsExactly(sooner, later);
    assertThat(dueOfMine(BASE.plusSeconds(5), mine)).isEmpty();
    assertThat(dueOfMine(BASE.plusSeconds(100), mine)).containsExactly(sooner, later, future);
  }

  @Test
  void respects_the_limit() {
    User owner = newUser();
    for (int i = 0; i < 3; i++) queue().enqueue(cleanup(owner, BASE.plusSeconds(i)));

    assertThat(queue().due(BASE.plusSeconds(10), 2)).hasSize(2);
  }

  @Test
  void reschedules_with_attempts_and_the_last_error() {
    User owner = newUser();
    HookCleanup c = cleanup(owner, BASE.plusSeconds(1));
    queue().enqueue(c);

    queue().reschedule(c.id(), 1, BASE.plusSeconds(61), "provider_unavailable: 502 Bad Gateway");

    assertThat(dueOfMine(BASE.plusSeconds(60), Set.of(c.id()))).isEmpty();
    assertThat(dueOfMine(BASE.plusSeconds(61), Set.of(c.id()))).containsExactly(new HookCleanup(c.id(),
        c.provider(), c.tokenOwner(), c.providerRepoId(), c.repositoryFullName(), c.providerHookId(), 1,
        BASE.plusSeconds(61), "provider_unavailable: 502 Bad Gateway", c.createdAt()));
  }

  @Test
  void completing_removes_a_cleanup() {
    User owner = newUser();
    HookCleanup done = cleanup(owner, BASE.plusSeconds(1));
    HookCleanup pending = cleanup(owner, BASE.plusSeconds(2));
    queue().enqueue(done);
    queue().enqueue(pending);

    queue().complete(done.id());

    assertThat(dueOfMine(BASE.plusSeconds(10), Set.of(done.id(), pending.id()))).containsExactly(pending);
  }

  @Test
  void claims_a_queued_cleanup_as_it_is_stored_now() {
    User owner = newUser();
    HookCleanup c = cleanup(owner, BASE.plusSeconds(1));
    queue().enqueue(c);
    queue().reschedule(c.id(), 3, BASE.plusSeconds(9), "rate_limited: slow down");

    Optional<HookCleanup> claimed = stores().tx().inTransaction(() -> queue().claim(c.id()));

    assertThat(claimed).map(HookCleanup::attempts).contains(3);
    queue().complete(c.id());
    assertThat(stores().tx().inTransaction(() -> queue().claim(c.id()))).isEmpty();
    assertThat(stores().tx().inTransaction(() -> queue().claim(uniqueId("hcl")))).isEmpty();
  }

  @Test
  void cancels_every_cleanup_of_one_provider_hook_and_nothing_else() {
    User owner = newUser();
    HookCleanup first = cleanup(owner, BASE.plusSeconds(1));
    HookCleanup again = withHook(cleanup(owner, BASE.plusSeconds(2)), Provider.GITHUB, first.providerHookId());
    HookCleanup otherProvider = withHook(cleanup(owner, BASE.plusSeconds(3)), Provider.GITLAB, first.providerHookId());
    HookCleanup otherHook = cleanup(owner, BASE.plusSeconds(4));
    List.of(first, again, otherProvider, otherHook).forEach(queue()::enqueue);

    assertThat(queue().cancel(Provider.GITHUB, first.providerHookId())).isEqualTo(2);

    assertThat(dueOfMine(BASE.plusSeconds(10), Set.of(first.id(), again.id(), otherProvider.id(), otherHook.id())))
        .containsExactly(otherProvider, otherHook);
    assertThat(queue().cancel(Provider.GITHUB, first.providerHookId())).isZero();
  }

  @Test
  void lists_the_cleanups_that_need_one_users_tokens_oldest_first() {
    User owner = newUser();
    User other = newUser();
    HookCleanup newer = createdAt(cleanup(owner, BASE.plusSeconds(1)), BASE.plusSeconds(20));
    HookCleanup older = createdAt(cleanup(owner, BASE.plusSeconds(2)), BASE.plusSeconds(10));
    queue().enqueue(newer);
    queue().enqueue(older);
    queue().enqueue(cleanup(other, BASE.plusSeconds(3)));

    assertThat(queue().listByTokenOwner(owner.id())).containsExactly(older, newer);
    assertThat(queue().listByTokenOwner(newUser().id())).isEmpty();
  }

  @Test
  void a_cancel_waits_for_an_attempt_that_claimed_the_cleanup_and_finds_it_completed() throws Exception {
    assertThat(cancelDuringAnAttemptThat(true)).isZero();
  }

  @Test
  void a_cancel_waits_for_an_attempt_that_claimed_the_cleanup_and_removes_it_rescheduled() throws Exception {
    assertThat(cancelDuringAnAttemptThat(false)).isEqualTo(1);
  }

  /** An attempt claims a cleanup and, while it talks to the provider, an adoption cancels it. */
  private int cancelDuringAnAttemptThat(boolean deletes) throws Exception {
    HookCleanup c = cleanup(newUser(), BASE.plusSeconds(1));
    queue().enqueue(c);
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> attempt = pool.submit(() -> stores().tx().inTransaction(() -> {
        assertThat(queue().claim(c.id())).isPresent();
        claimed.countDown();
        HookStoreContract.await(release);
        if (deletes) queue().complete(c.id());
        else queue().reschedule(c.id(), 1, BASE.plusSeconds(61), "provider_unavailable: 502");
        return null;
      }));
      assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
      Future<Integer> cancel = pool.submit(() -> queue().cancel(c.provider(), c.providerHookId()));
      Thread.sleep(200);
      assertThat(cancel.isDone()).as("the cancel waits for the attempt").isFalse();
      release.countDown();
      attempt.get(10, TimeUnit.SECONDS);
      int cancelled = cancel.get(10, TimeUnit.SECONDS);
      assertThat(dueOfMine(BASE.plusSeconds(1000), Set.of(c.id()))).isEmpty();
      return cancelled;
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private static HookCleanup withHook(HookCleanup c, Provider provider, String providerHookId) {
    return new HookCleanup(c.id(), provider, c.tokenOwner(), c.providerRepoId(), c.repositoryFullName(),
        providerHookId, c.attempts(), c.nextAttemptAt(), c.lastError(), c.createdAt());
  }

  private static HookCleanup createdAt(HookCleanup c, Instant at) {
    return new HookCleanup(c.id(), c.provider(), c.tokenOwner(), c.providerRepoId(), c.repositoryFullName(),
        c.providerHookId(), c.attempts(), c.nextAttemptAt(), c.lastError(), at);
  }
}
