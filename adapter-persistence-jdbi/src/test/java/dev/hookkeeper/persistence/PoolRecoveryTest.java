package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.StoreUnavailableException;
import dev.hookkeeper.core.port.UserStore;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The database restarts under a running application; the same pool and Jdbi carry on. */
class PoolRecoveryTest {

  private static HikariDataSource dataSource;
  private static PersistenceModule stores;

  @BeforeAll
  static void database() {
    dataSource = TestPostgres.migratedDatabase();
    stores = PersistenceModule.create(dataSource, TestCipher.random());
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @Test
  void stores_report_unavailable_while_down_and_recover_after_restart_without_a_new_pool() throws Exception {
    UserStore users = stores.users();
    User before = new User(new UserId("usr_before_restart"), "Before", Fixtures.T0);
    users.create(before, "d".repeat(64));

    TestPostgres.stop();
    try {
      long started = System.nanoTime();
      assertThatThrownBy(() -> users.find(before.id())).isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> stores.transactionRunner().inTransaction(() -> users.find(before.id())))
          .isInstanceOf(StoreUnavailableException.class);
      // fail fast: bounded by the connection timeout (2 s here), not by a TCP time-out
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    } finally {
      TestPostgres.restart();
    }

    Optional<User> found = eventually(() -> users.find(before.id()));
    assertThat(found).contains(before);
    User after = new User(new UserId("usr_after_restart"), "After", Fixtures.T0);
    users.create(after, "e".repeat(64));
    assertThat(users.find(after.id())).contains(after);
  }

  /** A connection broken by the restart may fail once more before the pool evicts it. */
  private static <T> T eventually(java.util.function.Supplier<T> call) throws InterruptedException {
    StoreUnavailableException last = null;
    for (int i = 0; i < 20; i++) {
      try {
        return call.get();
      } catch (StoreUnavailableException e) {
        last = e;
        Thread.sleep(250);
      }
    }
    throw last;
  }
}
