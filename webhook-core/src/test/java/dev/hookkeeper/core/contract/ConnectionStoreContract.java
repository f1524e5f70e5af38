package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.ConnectionStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link ConnectionStore} must do. */
public abstract class ConnectionStoreContract extends StoreContractSupport {

  private ConnectionStore store() {
    return stores().connections();
  }

  @Test
  void stores_a_connection_and_finds_it() {
    User user = newUser();
    Repository repo = newRepository();
    Connection connection = new Connection(new ConnectionId(uniqueId("conn")), user.id(), repo.id(), false, true,
        t(1), t(2));

    assertThat(store().insertIfAbsent(connection)).isTrue();

    assertThat(store().find(connection.id())).contains(connection);
    assertThat(store().findByUserAndRepository(user.id(), repo.id())).contains(connection);
  }

  @Test
  void refuses_a_second_connection_of_a_user_to_a_repository() {
    User user = newUser();
    Repository repo = newRepository();
    Connection first = newConnection(user, repo);
    Connection second = connectionFor(user, repo, t(10));

    assertThat(store().insertIfAbsent(second)).isFalse();
    assertThat(store().find(second.id())).isEmpty();
    assertThat(store().findByUserAndRepository(user.id(), repo.id())).contains(first);
  }

  @Test
  void of_concurrent_inserts_for_one_user_and_repository_exactly_one_wins() {
    User user = newUser();
    Repository repo = newRepository();

    List<Boolean> won = concurrently(16, i -> store().insertIfAbsent(connectionFor(user, repo, t(i))));

    assertThat(won).containsOnlyOnce(true);
  }

  @Test
  void lists_a_users_connections_newest_first_in_pages() {
    User user = newUser();
    User other = newUser();
    List<Connection> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Connection c = connectionFor(user, newRepository(), t(i * 10L));
      store().insertIfAbsent(c);
      made.add(0, c);
    }
    newConnection(other, newRepository());

    Page<Connection> first = store().listByUser(user.id(), PageRequest.first(2));
    Page<Connection> second = store().listByUser(user.id(), new PageRequest(first.nextCursor(), 2));
    Page<Connection> third = store().listByUser(user.id(), new PageRequest(second.nextCursor(), 2));

    assertThat(first.items()).containsExactlyElementsOf(made.subList(0, 2));
    assertThat(second.items()).containsExactlyElementsOf(made.subList(2, 4));
    assertThat(third.items()).containsExactlyElementsOf(made.subList(4, 5));
    assertThat(third.nextCursor()).isNull();
    assertThat(store().listByUser(user.id(), PageRequest.first(5)).nextCursor()).isNull();
  }

  @Test
  void pages_connections_made_in_the_same_second_without_loss() {
    User user = newUser();
    List<Connection> made = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Connection c = connectionFor(user, newRepository(), T0);
      store().insertIfAbsent(c);
      made.add(c);
    }

    List<Connection> seen = new ArrayList<>();
    String cursor = null;
    for (int pages = 0; pages <= made.size(); pages++) { // bounded: a cursor that does not advance fails
      Page<Connection> page = store().listByUser(user.id(), new PageRequest(cursor, 1));
      seen.addAll(page.items());
      cursor = page.nextCursor();
      if (cursor == null) break;
    }

    assertThat(seen).containsExactlyInAnyOrderElementsOf(made);
  }

  @Test
  void rejects_a_malformed_cursor() {
    User user = newUser();

    assertThatThrownBy(() -> store().listByUser(user.id(), new PageRequest("not-a-cursor!", 10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lists_a_repositorys_connections_oldest_first() {
    Repository repo = newRepository();
    Connection late = connectionFor(newUser(), repo, t(20));
    Connection early = connectionFor(newUser(), repo, t(10));
    store().insertIfAbsent(late);
    store().insertIfAbsent(early);
    newConnection(newUser(), newRepository());

    assertThat(store().listByRepository(repo.id())).containsExactly(early, late);
  }

  @Test
  void deletes_once() {
    User user = newUser();
    Repository repo = newRepository();
    Connection connection = newConnection(user, repo);

    assertThat(store().delete(connection.id())).isTrue();
    assertThat(store().delete(connection.id())).isFalse();
    assertThat(store().find(connection.id())).isEmpty();
    assertThat(store().insertIfAbsent(connectionFor(user, repo, t(5)))).isTrue();
  }
}
