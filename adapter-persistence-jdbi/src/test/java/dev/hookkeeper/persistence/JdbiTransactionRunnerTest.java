package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.TransactionRunner;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbiTransactionRunnerTest {

  private static HikariDataSource dataSource;
  private static PersistenceModule stores;
  private static TransactionRunner tx;

  @BeforeAll
  static void database() {
    dataSource = TestPostgres.migratedDatabase();
    stores = PersistenceModule.create(dataSource, TestCipher.random());
    tx = stores.transactionRunner();
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @Test
  void store_calls_inside_the_transaction_roll_back_together() {
    User user = new User(new UserId("usr_rollback"), "Rolled Back", Fixtures.T0);

    assertThatThrownBy(
            () ->
                tx.inTransaction(
                    () -> {
                      stores.users().create(user, "a".repeat(64));
                      stores.notifications().append(draft(user.id()));
                      assertThat(stores.users().find(user.id())).isPresent();
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");

    assertThat(stores.users().find(user.id())).isEmpty();
    assertThat(stores.notifications().listAfter(user.id(), 0, 10)).isEmpty();
  }

  @Test
  void uncommitted_work_is_invisible_to_other_threads_and_visible_after_commit() {
    User user = new User(new UserId("usr_commit"), "Committed", Fixtures.T0);

    Boolean seenFromOtherThreadBeforeCommit =
        tx.inTransaction(
            () -> {
              stores.users().create(user, "b".repeat(64));
              stores.notifications().append(draft(user.id()));
              return CompletableFuture.supplyAsync(() -> stores.users().find(user.id()).isPresent()).join();
            });

    assertThat(seenFromOtherThreadBeforeCommit).isFalse();
    assertThat(stores.users().find(user.id())).isPresent();
    assertThat(stores.notifications().listAfter(user.id(), 0, 10)).hasSize(1);
  }

  @Test
  void nested_transactions_join_the_outer_one() {
    User user = new User(new UserId("usr_nested"), "Nested", Fixtures.T0);

    assertThatThrownBy(
            () ->
                tx.inTransaction(
                    () -> {
                      tx.inTransaction(
                          () -> {
                            stores.users().create(user, "c".repeat(64));
                            return null;
                          });
                      throw new IllegalStateException("outer fails after inner returned");
                    }))
        .hasMessageContaining("outer fails");

    assertThat(stores.users().find(user.id())).isEmpty();
  }

  private static NotificationDraft draft(UserId user) {
    return new NotificationDraft(user, NotificationType.INCIDENT_OPENED, Map.of("n", 1L), Fixtures.T0);
  }
}
