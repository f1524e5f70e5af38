package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.StoreUnavailableException;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StoreFailuresTest {

  private static HikariDataSource dataSource;
  private static HikariDataSource impatient;

  @BeforeAll
  static void database() {
    dataSource = TestPostgres.migratedDatabase();
    impatient = PostgresDataSource.create(dataSource.getJdbcUrl(),
        new PoolSettings(2, Duration.ofSeconds(2), Duration.ofMillis(300)));
  }

  @AfterAll
  static void close() {
    impatient.close();
    dataSource.close();
  }

  @Test
  void a_statement_over_the_timeout_is_cancelled_and_reported_unavailable() {
    Database db = new Database(Jdbi.create(impatient));

    assertThatThrownBy(() -> db.withHandle(h -> h.createQuery("SELECT pg_sleep(3)").mapTo(String.class).one()))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("57014");
  }

  @Test
  void a_constraint_violation_is_a_bug_not_an_outage_and_leaks_no_jdbi_type() {
    var users = PersistenceModule.create(dataSource, TestCipher.random()).users();
    users.create(new User(new UserId("usr_dup"), "first", Fixtures.T0), "f".repeat(64));

    assertThatThrownBy(() -> users.create(new User(new UserId("usr_dup2"), "second", Fixtures.T0), "f".repeat(64)))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageContaining("23505");
    assertThat(users.find(new UserId("usr_dup2"))).isEmpty();
  }
}
