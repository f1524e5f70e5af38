package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ReconcileState;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.ReconcileSchedule;
import dev.hookkeeper.core.port.ReconcileSchedule.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReconcileSchedule} must do. The store is shared by the tests of a class: a
 * claim of another test's hook is completed far in the future and passed over.
 */
public abstract class ReconcileScheduleContract extends StoreContractSupport {
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Duration FIRST = Duration.ofMinutes(15);
  private static final Instant FAR = Instant.parse("3000-01-01T00:00:00Z");

  private ReconcileSchedule schedule() {
    return stores().reconcileSchedule();
  }

  /**
   * The first due claim among {@code mine} at {@code now}; other hooks due meanwhile are pushed far
   * away.
   */
  private Optional<Claim> claimMine(Instant now, Set<HookId> mine) {
    while (true) {
      Optional<Claim> c = schedule().claimDue(now, LEASE, FIRST);
      if (c.isEmpty() || mine.contains(c.get().hookId())) return c;
      schedule().complete(c.get(), now, FAR, null, null);
    }
  }

  @Test
  void a_hook_never_scheduled_is_first_due_the_given_time_after_its_creation() {
    RepositoryHook hook = newHook(newRepository(), newUser());

    assertThat(claimMine(T0.plus(FIRST).minusSeconds(1), Set.of(hook.id()))).isEmpty();
    Optional<Claim> claim = claimMine(T0.plus(FIRST), Set.of(hook.id()));

    assertThat(claim).isPresent();
    assertThat(claim.get().hookId()).isEqualTo(hook.id());
    assertThat(claim.get().manager()).isEqualTo(hook.managedBy());
    assertThat(claim.get().provider()).isEqualTo(Provider.GITHUB);
    assertThat(claim.get().until()).isEqualTo(T0.plus(FIRST).plus(LEASE));
  }

  @Test
  void a_claim_is_exclusive_until_it_is_completed() {
    RepositoryHook hook = newHook(newRepository(), newUser());
    Claim claim = schedule().claim(hook.id(), t(100), LEASE).orElseThrow();

    assertThat(schedule().claim(hook.id(), t(101), LEASE)).isEmpty();
    assertThat(schedule().complete(claim, t(102), t(200), null, null)).isTrue();
    assertThat(schedule().claim(hook.id(), t(103), LEASE)).isPresent();
  }

  @Test
  void a_lapsed_claim_can_be_taken_and_its_holder_can_no_longer_complete_it() {
    RepositoryHook hook = newHook(newRepository(), newUser());
    Claim first = schedule().claim(hook.id(), t(100), LEASE).orElseThrow();
    Instant lapsed = t(100).plus(LEASE).plusSeconds(1);

    Claim second = schedule().claim(hook.id(), lapsed, LEASE).orElseThrow();

    assertThat(second.token()).isNotEqualTo(first.token());
    assertThat(schedule().complete(first, lapsed, t(5000), null, null)).isFalse();
    assertThat(schedule().complete(second, lapsed, t(6000), null, null)).isTrue();
    assertThat(schedule().find(hook.id()).orElseThrow().nextAt()).isEqualTo(t(6000));
  }

  @Test
  void one_token_reconciles_one_hook_at_a_time() {
    User alice = newUser();
    User bob = newUser();
    RepositoryHook a1 = newHook(newRepository(), alice);
    RepositoryHook a2 = newHook(newRepository(), alice);
    RepositoryHook b1 = newHook(newRepository(), bob);
    Claim claim = schedule().claim(a1.id(), t(100), LEASE).orElseThrow();

    assertThat(schedule().claim(a2.id(), t(101), LEASE)).isEmpty();
    schedule().dueBy(List.of(a2.id(), b1.id()), t(50));
    Optional<Claim> next = claimMine(t(101), Set.of(a2.id(), b1.id()));
    assertThat(next.map(Claim::hookId)).contains(b1.id());
    assertThat(claimMine(t(101), Set.of(a2.id()))).isEmpty();

    schedule().complete(claim, t(102), t(9000), null, null);
    assertThat(claimMine(t(103), Set.of(a2.id())).map(Claim::hookId)).contains(a2.id());
  }

  @Test
  void a_paused_token_has_no_hook_claimed_until_the_pause_ends() {
    User user = newUser();
    RepositoryHook hook = newHook(newRepository(), user);
    schedule().dueBy(List.of(hook.id()), t(10));
    schedule().pauseToken(Provider.GITHUB, user.id(), t(300));

    assertThat(claimMine(t(200), Set.of(hook.id()))).isEmpty();
    assertThat(schedule().claim(hook.id(), t(200), LEASE)).isEmpty();
    schedule().pauseToken(Provider.GITHUB, user.id(), t(250)); // an earlier end does not shorten it
    assertThat(claimMine(t(299), Set.of(hook.id()))).isEmpty();
    assertThat(claimMine(t(300), Set.of(hook.id()))).isPresent();
  }

  @Test
  void completing_moves_the_turn_and_the_checkpoint_and_counts_failures_in_a_row() {
    RepositoryHook hook = newHook(newRepository(), newUser());
    ProviderFailure down = ProviderFailure.of(FailureReason.PROVIDER_UNAVAILABLE, "502");

    Claim c1 = schedule().claim(hook.id(), t(100), LEASE).orElseThrow();
    schedule().complete(c1, t(110), t(1000), t(100), null);
    ReconcileState s1 = schedule().find(hook.id()).orElseThrow();
    assertThat(s1).isEqualTo(new ReconcileState(hook.id(), t(1000), t(110), t(100), 0, null));

    Claim c2 = schedule().claim(hook.id(), t(1000), LEASE).orElseThrow();
    schedule().complete(c2, t(1001), t(1060), null, down);
    Claim c3 = schedule().claim(hook.id(), t(1060), LEASE).orElseThrow();
    schedule().complete(c3, t(1061), t(1180), null, down);
    ReconcileState s3 = schedule().find(hook.id()).orElseThrow();
    assertThat(s3.failures()).isEqualTo(2);
    assertThat(s3.lastError()).isEqualTo(down);
    assertThat(s3.recoveredUntil()).isEqualTo(t(100));

    Claim c4 = schedule().claim(hook.id(), t(1180), LEASE).orElseThrow();
    schedule().complete(c4, t(1181), t(2000), t(1180), null);
    ReconcileState s4 = schedule().find(hook.id()).orElseThrow();
    assertThat(s4.failures()).isZero();
    assertThat(s4.lastError()).isNull();
    assertThat(s4.recoveredUntil()).isEqualTo(t(1180));
  }

  @Test
  void a_completed_claim_frees_its_token() {
    User user = newUser();
    RepositoryHook a = newHook(newRepository(), user);
    RepositoryHook b = newHook(newRepository(), user);
    Claim claim = schedule().claim(a.id(), t(100), LEASE).orElseThrow();
    schedule().complete(claim, t(101), t(5000), null, null);

    assertThat(schedule().claim(b.id(), t(102), LEASE)).isPresent();
  }

  @Test
  void due_by_only_brings_a_turn_forward() {
    RepositoryHook hook = newHook(newRepository(), newUser());
    Claim claim = schedule().claim(hook.id(), t(100), LEASE).orElseThrow();
    schedule().complete(claim, t(101), t(5000), null, null);

    schedule().dueBy(List.of(hook.id()), t(400));
    assertThat(schedule().find(hook.id()).orElseThrow().nextAt()).isEqualTo(t(400));
    schedule().dueBy(List.of(hook.id()), t(900));
    assertThat(schedule().find(hook.id()).orElseThrow().nextAt()).isEqualTo(t(400));
    schedule().dueBy(List.of(new HookId(uniqueId("hook"))), t(1)); // unknown hooks are ignored
  }

  @Test
  void all_due_by_reaches_hooks_never_scheduled_too() {
    RepositoryHook scheduled = newHook(newRepository(), newUser());
    RepositoryHook fresh = newHook(newRepository(), newUser());
    Claim claim = schedule().claim(scheduled.id(), t(100), LEASE).orElseThrow();
    schedule().complete(claim, t(101), t(5000), null, null);

    schedule().allDueBy(t(200));

    assertThat(schedule().find(scheduled.id()).orElseThrow().nextAt()).isEqualTo(t(200));
    assertThat(schedule().find(fresh.id()).orElseThrow().nextAt()).isEqualTo(t(200));
  }

  @Test
  void a_deleted_hook_has_no_schedule() {
    RepositoryHook hook = newHook(newRepository(), newUser());
    schedule().dueBy(List.of(hook.id()), t(10));
    assertThat(schedule().find(hook.id())).isPresent();

    stores().hooks().delete(hook.id());

    assertThat(schedule().find(hook.id())).isEmpty();
    assertThat(schedule().claim(hook.id(), t(20), LEASE)).isEmpty();
    assertThat(schedule().find(new HookId(uniqueId("hook")))).isEmpty();
  }

  @Test
  void concurrent_claimers_never_share_a_hook_nor_a_token() {
    Instant now = t(100_000);
    List<User> managers = List.of(newUser(), newUser(), newUser());
    Set<HookId> mine = new HashSet<>();
    for (int i = 0; i < 9; i++) mine.add(newHook(newRepository(), managers.get(i % 3)).id());
    schedule().dueBy(mine, now.minusSeconds(1));
    claimMine(now.minusSeconds(2), Set.of()); // push away what other tests left due

    List<Optional<Claim>> claims = concurrently(8, i -> schedule().claimDue(now, LEASE, FIRST));

    List<Claim> got = claims.stream().flatMap(Optional::stream).toList();
    assertThat(got).isNotEmpty();
    assertThat(got).allMatch(c -> mine.contains(c.hookId()));
    assertThat(got.stream().map(Claim::hookId).distinct().count()).isEqualTo(got.size());
    Set<Object> tokens = new HashSet<>();
    for (Claim c : got)
      assertThat(tokens.add(List.of(c.provider(), c.manager()))).as("one claim per token").isTrue();
    assertThat(got).hasSizeLessThanOrEqualTo(3);
    List<Claim> all = new ArrayList<>(got);
    all.forEach(c -> schedule().complete(c, now, FAR, null, null));
    assertThat(all.stream().map(Claim::token).filter(Objects::nonNull).distinct())
        .hasSize(all.size());
  }
}
