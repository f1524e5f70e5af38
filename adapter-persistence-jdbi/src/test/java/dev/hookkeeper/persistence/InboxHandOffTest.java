package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-off from append to claim on PostgreSQL: a delivery this process appended is claimed with
 * the headers and body it stored, taken from memory; anything not held (evicted, taken before,
 * appended elsewhere) comes from the table, in the same arrival order. Each test rewrites the
 * stored bodies behind the inbox's back, so what a claim returns shows where it came from.
 */
class InboxHandOffTest {
  private static final byte[] REWRITTEN = "rewritten in the table".getBytes(StandardCharsets.UTF_8);
  private static HikariDataSource dataSource;
  private static PersistenceModule stores;
  private static Database db;
  private static Jdbi jdbi;
  private RepositoryHook hook;

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

  /** A repository of its own per test, and an empty inbox. */
  @BeforeEach
  void hook() {
    jdbi.useHandle(
        h -> {
          h.execute("UPDATE deliveries SET status = 'processed' WHERE status = 'received'");
          h.execute("DELETE FROM inbox");
        });
    Fixtures fx = new Fixtures(stores);
    hook = fx.hook(fx.repository(), fx.user(), TestCipher.random(), Secret.of("hand-off"));
  }

  @Test
  void a_claim_after_this_process_appended_takes_what_was_stored_from_memory_once() {
    JdbiInbox inbox = new JdbiInbox(db);
    Delivery d = delivery("first", "{\"n\":1}");
    assertThat(inbox.append(List.of(d))).containsExactly(true);
    rewriteStoredBodies();

    Delivery fromMemory = inbox.claimDue(Instant.now(), 10).get(0);
    Delivery fromTable = new JdbiInbox(db).claimDue(Instant.now(), 10).get(0);
    Delivery takenBefore = inbox.claimDue(Instant.now(), 10).get(0);

    assertThat(fromMemory.body()).isEqualTo(d.body());
    assertThat(fromTable.body()).isEqualTo(REWRITTEN);
    assertThat(takenBefore.body()).isEqualTo(REWRITTEN);
    // the held headers are the stored ones: the signature is redacted in both
    assertThat(fromMemory.headers().asMap()).isEqualTo(fromTable.headers().asMap());
    assertThat(fromMemory.headers().first("x-hub-signature-256"))
        .isNotEqualTo(d.headers().first("x-hub-signature-256"));
    assertThat(fromMemory).usingRecursiveComparison().ignoringFields("body").isEqualTo(fromTable);
  }

  @Test
  void deliveries_evicted_by_the_budget_come_from_the_table_in_arrival_order() {
    int bodySize = 10_000;
    // room for two deliveries (each weighs its body plus a kilobyte for its headers)
    JdbiInbox inbox = new JdbiInbox(db, new RecentAppends(2 * (bodySize + 1_024L)));
    List<Delivery> appended = new ArrayList<>();
    for (int i = 0; i < 5; i++) appended.add(delivery("batch-" + i, "x".repeat(bodySize - 1) + i));
    inbox.append(appended);
    rewriteStoredBodies();

    List<Delivery> claimed = inbox.claimDue(Instant.now(), 10);

    assertThat(claimed)
        .extracting(Delivery::deliveryId)
        .containsExactly("batch-0", "batch-1", "batch-2", "batch-3", "batch-4");
    assertThat(claimed)
        .extracting(Delivery::body)
        .containsExactly(
            REWRITTEN, REWRITTEN, REWRITTEN, appended.get(3).body(), appended.get(4).body());
  }

  @Test
  void a_body_purged_since_the_append_is_purged_whatever_memory_holds() {
    JdbiInbox inbox = new JdbiInbox(db);
    Delivery d = delivery("purged", "{\"n\":2}");
    inbox.append(List.of(d));
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE deliveries SET body = NULL WHERE id = :id")
                .bind("id", d.id())
                .execute());

    Delivery claimed = inbox.claimDue(Instant.now(), 10).get(0);

    assertThat(claimed.bodyPurged()).isTrue();
    assertThat(claimed.body()).isEmpty();
  }

  @Test
  void a_duplicate_append_holds_nothing_and_an_empty_budget_holds_nothing() {
    RecentAppends none = new RecentAppends(0);
    JdbiInbox inbox = new JdbiInbox(db, none);
    Delivery d = delivery("once", "{\"n\":3}");
    inbox.append(List.of(d));
    RecentAppends held = new RecentAppends(RecentAppends.DEFAULT_BUDGET_BYTES);
    new JdbiInbox(db, held).append(List.of(delivery("once", "{\"n\":3}")));
    rewriteStoredBodies();

    assertThat(none.size()).isZero();
    assertThat(held.size()).isZero();
    assertThat(inbox.claimDue(Instant.now(), 10))
        .extracting(Delivery::body)
        .containsExactly(REWRITTEN);
  }

  private Delivery delivery(String deliveryId, String json) {
    return Fixtures.delivery(hook, deliveryId, Fixtures.json(json), Instant.now());
  }

  private void rewriteStoredBodies() {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE deliveries SET body = :body WHERE status = 'received'")
                .bind("body", REWRITTEN)
                .execute());
  }
}
