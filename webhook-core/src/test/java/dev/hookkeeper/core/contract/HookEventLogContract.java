package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.HookEventLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link HookEventLog} must do. */
public abstract class HookEventLogContract extends StoreContractSupport {

  private HookEventLog log() {
    return stores().hookEvents();
  }

  private HookEvent event(RepositoryHook hook, HookEventKind kind, String detail, long at) {
    return new HookEvent(uniqueId("hev"), hook.repositoryId(), hook.id(), kind, detail, t(at));
  }

  @Test
  void lists_a_repositorys_events_newest_first_and_pages_through_them() {
    User user = newUser();
    Repository repo = newRepository();
    RepositoryHook hook = newHook(repo, user);
    RepositoryHook elsewhere = newHook(newRepository(), user);
    List<HookEvent> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      HookEvent e = event(hook, HookEventKind.values()[i], "detail " + i, 10 + i);
      log().append(e);
      mine.add(0, e);
    }
    log().append(event(elsewhere, HookEventKind.CREATED, "not mine", 12));

    Page<HookEvent> first = log().listByRepository(repo.id(), PageRequest.first(3));
    assertThat(first.items()).containsExactlyElementsOf(mine.subList(0, 3));
    assertThat(first.nextCursor()).isNotNull();
    Page<HookEvent> second =
        log().listByRepository(repo.id(), new PageRequest(first.nextCursor(), 3));
    assertThat(second.items()).containsExactlyElementsOf(mine.subList(3, 5));
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void events_at_the_same_moment_keep_a_stable_order() {
    User user = newUser();
    Repository repo = newRepository();
    RepositoryHook hook = newHook(repo, user);
    HookEvent a = event(hook, HookEventKind.REENABLED, "a", 20);
    HookEvent b = event(hook, HookEventKind.URL_UPDATED, "b", 20);
    log().append(a);
    log().append(b);

    Page<HookEvent> one = log().listByRepository(repo.id(), PageRequest.first(1));
    Page<HookEvent> two = log().listByRepository(repo.id(), new PageRequest(one.nextCursor(), 1));

    assertThat(List.of(one.items().get(0), two.items().get(0))).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void appending_an_event_twice_keeps_one() {
    User user = newUser();
    Repository repo = newRepository();
    HookEvent e = event(newHook(repo, user), HookEventKind.RECREATED, "once", 30);

    log().append(e);
    log().append(e);

    assertThat(log().listByRepository(repo.id(), PageRequest.first(10)).items()).containsExactly(e);
  }

  @Test
  void the_trail_outlives_the_hook() {
    User user = newUser();
    Repository repo = newRepository();
    RepositoryHook hook = newHook(repo, user);
    HookEvent deleted = event(hook, HookEventKind.DELETED, "gone", 40);
    log().append(deleted);

    stores().hooks().delete(hook.id());

    assertThat(log().listByRepository(repo.id(), PageRequest.first(10)).items())
        .containsExactly(deleted);
  }

  @Test
  void an_append_inside_a_rolled_back_transaction_is_gone() {
    User user = newUser();
    Repository repo = newRepository();
    HookEvent e = event(newHook(repo, user), HookEventKind.REPAIRED, "rolled back", 50);
    try {
      stores()
          .tx()
          .inTransaction(
              () -> {
                log().append(e);
                throw new IllegalStateException("roll back");
              });
    } catch (IllegalStateException expected) {
      // rolled back
    }
    assertThat(log().listByRepository(repo.id(), PageRequest.first(10)).items()).isEmpty();
  }
}
