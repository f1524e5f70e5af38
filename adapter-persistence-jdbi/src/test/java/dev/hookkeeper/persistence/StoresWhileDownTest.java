package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code core.port}'s package documentation promises of every store, held by each JDBI store:
 * while the database is down, a call fails with {@link StoreUnavailableException} (never a JDBI or
 * JDBC type, never a hang), reads and writes alike, inside a transaction or not.
 */
class StoresWhileDownTest {

  @Test
  void every_store_reports_unavailable_while_the_database_is_down() {
    PoolSettings impatient = new PoolSettings(2, Duration.ofMillis(300), Duration.ofSeconds(2));
    String url = TestPostgres.migratedDatabaseUrl();
    try (HikariDataSource dataSource = PostgresDataSource.create(url, impatient)) {
      PersistenceModule stores = PersistenceModule.create(dataSource, TestCipher.random());
      Fixtures fx = new Fixtures(stores);
      User user = fx.user();
      Repository repo = fx.repository();
      RepositoryHook hook =
          fx.hook(repo, user, TestCipher.random(), Secret.of("while-down-secret"));
      Delivery delivery =
          Fixtures.delivery(hook, "while-down", "{}".getBytes(StandardCharsets.UTF_8), Fixtures.T0);

      Map<String, Runnable> calls = new LinkedHashMap<>();
      calls.put("users", () -> stores.users().find(user.id()));
      calls.put("tokenVault", () -> stores.tokenVault().find(user.id(), Provider.GITHUB));
      calls.put("repositories", () -> stores.repositories().find(repo.id()));
      calls.put("hooks", () -> stores.hooks().find(hook.id()));
      calls.put(
          "connections", () -> stores.connections().find(new ConnectionId("conn_while_down")));
      calls.put("deliveries", () -> stores.deliveries().find(repo.id(), "while-down"));
      calls.put("inbox", () -> stores.inbox().append(List.of(delivery)));
      calls.put("workflowRuns", () -> stores.workflowRuns().find(repo.id(), 1L, 1));
      calls.put(
          "incidents", () -> stores.incidents().find(user.id(), new IncidentId("inc_while_down")));
      calls.put("notifications", () -> stores.notifications().listAfter(user.id(), 0, 10));
      calls.put("hookCleanups", () -> stores.hookCleanups().due(Fixtures.T0, 10));
      calls.put("identities", () -> stores.identities().find(Provider.GITHUB, "42"));
      calls.put("sessions", () -> stores.sessions().find("ab".repeat(32)));
      calls.put("signIns", () -> stores.signIns().take("cd".repeat(32)));
      calls.put(
          "hookEvents",
          () -> stores.hookEvents().listByRepository(repo.id(), PageRequest.first(10)));
      calls.put("reconcileSchedule", () -> stores.reconcileSchedule().find(hook.id()));
      calls.put("secretsAtRest", () -> stores.secretsAtRest().countUnderPreviousKeys());
      calls.put(
          "a store inside a transaction",
          () ->
              stores
                  .transactionRunner()
                  .inTransaction(() -> stores.hooks().lockByRepository(repo.id())));

      TestPostgres.stop();
      try {
        calls.forEach(
            (store, call) -> {
              long started = System.nanoTime();
              assertThatThrownBy(call::run).as(store).isInstanceOf(StoreUnavailableException.class);
              // bounded by the pool's connection time-out, not by a TCP time-out
              assertThat(Duration.ofNanos(System.nanoTime() - started))
                  .as(store)
                  .isLessThan(Duration.ofSeconds(10));
            });
      } finally {
        TestPostgres.restart();
      }
    }
  }
}
