package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.HookCleanupQueue;
import java.time.Instant;
import java.util.List;
import java.util.Set;
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
}
