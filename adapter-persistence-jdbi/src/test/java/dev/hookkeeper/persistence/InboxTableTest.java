package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.Inbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inbox table beside the delivery log (V26): deliveries pending when the migration runs stay
 * pending in their order; a settle updates the log row in place (HOT: no index of {@code
 * deliveries} may name its status); a replay puts the row back; a deleted delivery leaves the inbox
 * with it.
 */
class InboxTableTest {
  private static HikariDataSource dataSource;
  private static PersistenceModule stores;
  private static Database db;
  private static Jdbi jdbi;

  @BeforeAll
  static void database() {
    dataSource = TestPostgres.migratedDatabase();
    stores = PersistenceModule.create(dataSource, TestCipher.random());
    db = PersistenceModule.database(dataSource);
    jdbi = Jdbi.create(dataSource);
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @Test
  void a_settle_updates_the_log_rows_in_place_and_empties_the_inbox() {
    RepositoryHook hook = hook();
    JdbiInbox inbox = new JdbiInbox(db);
    List<Delivery> appended = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      appended.add(Fixtures.delivery(hook, "hot-" + i, Fixtures.json("{}"), Instant.now()));
    }
    inbox.append(appended);

    long hotUpdates =
        new JdbiTransactionRunner(db)
            .inTransaction(
                () -> {
                  List<Inbox.Settlement> settlements = new ArrayList<>();
                  for (Delivery d : inbox.claimDue(Instant.now(), 100)) {
                    if (!d.hookId().equals(hook.id())) continue;
                    settlements.add(
                        new Inbox.Settlement(
                            d.id(),
                            ProcessingStatus.PROCESSED,
                            "completed",
                            null,
                            1,
                            Instant.now()));
                  }
                  inbox.settle(settlements);
                  // this transaction's own counters: no flush of the statistics needed
                  return db.withHandle(
                      h ->
                          h.createQuery(
                                  "SELECT pg_stat_get_xact_tuples_hot_updated('deliveries'::regclass)")
                              .mapTo(Long.class)
                              .one());
                });

    assertThat(hotUpdates).isEqualTo(10);
    assertThat(pendingOf(hook)).isZero();
    assertThat(statusesOf(hook)).containsOnly("processed");
  }

  @Test
  void a_replay_puts_the_delivery_back_in_its_first_arrival_order() {
    RepositoryHook hook = hook();
    JdbiInbox inbox = new JdbiInbox(db);
    Delivery first = Fixtures.delivery(hook, "replayed", Fixtures.json("{}"), Instant.now());
    Fixtures.append(stores, first); // appended and settled
    Delivery second = Fixtures.delivery(hook, "pending", Fixtures.json("{}"), Instant.now());
    inbox.append(List.of(second));

    assertThat(inbox.requeue(hook.repositoryId(), first.id(), Instant.now()))
        .isEqualTo(Inbox.Requeue.QUEUED);

    List<String> queued =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT id FROM inbox WHERE repository_id = :repo ORDER BY seq")
                    .bind("repo", hook.repositoryId().value())
                    .mapTo(String.class)
                    .list());
    assertThat(queued).containsExactly(first.id(), second.id());
  }

  @Test
  void a_deleted_delivery_leaves_the_inbox() {
    RepositoryHook hook = hook();
    Delivery d = Fixtures.delivery(hook, "deleted", Fixtures.json("{}"), Instant.now());
    new JdbiInbox(db).append(List.of(d));
    assertThat(pendingOf(hook)).isEqualTo(1);

    jdbi.useHandle(
        h -> h.createUpdate("DELETE FROM deliveries WHERE id = :id").bind("id", d.id()).execute());

    assertThat(pendingOf(hook)).isZero();
  }

  @Test
  void deliveries_pending_before_the_migration_stay_pending_in_their_order() {
    HikariDataSource before = TestPostgres.emptyDatabase();
    try {
      Flyway.configure().dataSource(before).target("25").load().migrate();
      Jdbi old = Jdbi.create(before);
      old.useHandle(
          h ->
              h.execute(
                  String.join(
                      "\n",
                      "INSERT INTO repositories (id, provider, provider_repo_id, full_name, default_branch, private,",
                      "  created_at, updated_at) VALUES ('repo_m', 'github', 1, 'octo/m', 'main', false, now(), now());",
                      "INSERT INTO deliveries (id, provider, hook_id, repository_id, delivery_id, event, signature_valid,",
                      "  status, headers, body, body_size, received_at, due_at, source) VALUES",
                      "  ('d1', 'github', 'hook_m', 'repo_m', 'g1', 'push', true, 'received', '{}', 'x', 1, now(), now(), 'webhook'),",
                      "  ('d2', 'github', 'hook_m', 'repo_m', 'g2', 'push', true, 'processed', '{}', 'x', 1, now(), now(), 'webhook'),",
                      "  ('d3', 'github', 'hook_m', 'repo_m', 'g3', 'push', true, 'received', '{}', 'x', 1, now(), now(), 'webhook');")));

      Migrations.migrate(before);

      List<String> pending =
          old.withHandle(
              h -> h.createQuery("SELECT id FROM inbox ORDER BY seq").mapTo(String.class).list());
      assertThat(pending).containsExactly("d1", "d3");
    } finally {
      before.close();
    }
  }

  private static RepositoryHook hook() {
    Fixtures fx = new Fixtures(stores);
    return fx.hook(fx.repository(), fx.user(), TestCipher.random(), Secret.of("inbox-table"));
  }

  private static long pendingOf(RepositoryHook hook) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT count(*) FROM inbox WHERE repository_id = :repo")
                .bind("repo", hook.repositoryId().value())
                .mapTo(Long.class)
                .one());
  }

  private static List<String> statusesOf(RepositoryHook hook) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT status FROM deliveries WHERE hook_id = :hook")
                .bind("hook", hook.id().value())
                .mapTo(String.class)
                .list());
  }
}
