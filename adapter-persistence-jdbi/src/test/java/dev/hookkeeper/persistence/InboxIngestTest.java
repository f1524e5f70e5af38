package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.ingest.IngestResult;
import dev.hookkeeper.core.ingest.IngestSettings;
import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.testkit.RecordingNotifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core's group-committed ingest on PostgreSQL: 64 concurrent callers over 8 repositories, new
 * failing runs plus a storm of copies of one delivery, with the real 22 kB body. Every caller gets
 * its own committed answer and the database holds exactly one row and one effect per delivery.
 */
@Timeout(120)
class InboxIngestTest {

  private HikariDataSource dataSource;

  /** A database per test: the assertions count rows. */
  @BeforeEach
  void database() {
    dataSource = TestPostgres.migratedDatabase();
  }

  @AfterEach
  void close() {
    dataSource.close();
  }

  /** With one and with three append writers: overlapping appends of the same keys. */
  @ParameterizedTest(name = "append writers: {0}")
  @ValueSource(ints = {1, 3})
  void sixty_four_concurrent_callers_get_their_own_durable_answers_and_one_effect_each(int writers)
      throws Exception {
    byte[] fixture = IngestRig.fixture();
    RecordingNotifier notifier = new RecordingNotifier();
    int callers = 64;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try (IngestRig rig = new IngestRig(dataSource, IngestSettings.DEFAULTS.withAppendWriters(writers), 8, notifier)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<IngestResult>> fresh = new ArrayList<>();
      List<Future<IngestResult>> storm = new ArrayList<>();
      IngestRig.Target stormTarget = rig.targets.get(0);
      byte[] stormBody = IngestRig.failingRun(fixture, 500_000_000L);
      for (int i = 0; i < callers; i++) {
        int n = i;
        IngestRig.Target target = rig.targets.get(n % 8);
        // 48 callers send new failing runs (6 per repository), 16 send copies of one delivery
        if (n < 48) {
          fresh.add(pool.submit(() -> {
            go.await();
            return rig.deliver(target, "guid-" + n, IngestRig.failingRun(fixture, 400_000_000L + n));
          }));
        } else {
          storm.add(pool.submit(() -> {
            go.await();
            return rig.deliver(stormTarget, "guid-storm", stormBody);
          }));
        }
      }
      go.countDown();

      for (int i = 0; i < fresh.size(); i++) {
        IngestResult r = fresh.get(i).get(60, TimeUnit.SECONDS);
        assertThat(r).isInstanceOf(IngestResult.Accepted.class);
        assertThat(((IngestResult.Accepted) r).delivery().deliveryId()).isEqualTo("guid-" + i);
      }
      int processed = 0;
      for (Future<IngestResult> f : storm) {
        IngestResult r = f.get(60, TimeUnit.SECONDS);
        if (r instanceof IngestResult.Accepted) processed++;
        else assertThat(r).isEqualTo(new IngestResult.Duplicate("guid-storm", stormTarget.hook().id(),
            stormTarget.repository().id()));
      }
      assertThat(processed).isEqualTo(1);
      assertThat(rig.awaitProcessed(Duration.ofSeconds(60))).as("the processors drain the inbox").isTrue();

      Jdbi jdbi = Jdbi.create(dataSource);
      assertThat(count(jdbi, "SELECT count(*) FROM deliveries")).isEqualTo(49);
      assertThat(count(jdbi, "SELECT count(*) FROM deliveries WHERE body_size = " + fixture.length
          + " AND octet_length(body) = " + fixture.length)).isEqualTo(49);
      assertThat(count(jdbi, "SELECT count(*) FROM workflow_runs")).isEqualTo(49);
      // one incident per repository (same workflow and branch), one occurrence per failing run
      assertThat(count(jdbi, "SELECT count(*) FROM incidents")).isEqualTo(8);
      assertThat(count(jdbi, "SELECT count(*) FROM incident_occurrences")).isEqualTo(49);
      assertThat(count(jdbi, "SELECT count(*) FROM repository_hooks WHERE webhook_last_delivery_at IS NULL")).isZero();
      for (IngestRig.Target t : rig.targets) {
        List<Notification> stored = rig.useCases.catchUpNotifications().after(t.user().id(), 0, 1000);
        int runs = t == stormTarget ? 7 : 6;
        assertThat(stored).filteredOn(n -> n.type() == NotificationType.WORKFLOW_RUN_UPDATED).hasSize(runs);
        assertThat(stored).filteredOn(n -> n.type() == NotificationType.INCIDENT_OPENED).hasSize(1);
        // the first authentic delivery turned the pending hook active
        assertThat(stored).filteredOn(n -> n.type() == NotificationType.WEBHOOK_STATUS_CHANGED).hasSize(1);
        // numbered 1..n without gaps, in commit order
        assertThat(stored).extracting(Notification::id)
            .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, runs + 2).boxed().toList());
      }
      assertThat(notifier.all()).hasSize(49 + 8 + 8);
      assertThat(count(jdbi, "SELECT count(*) FROM repository_hooks WHERE webhook_status <> 'active'")).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_delivery_postgres_refuses_among_good_ones_alone_is_retried_then_failed() throws Exception {
    byte[] fixture = IngestRig.fixture();
    // a workflow named "\u0000": valid JSON, but PostgreSQL text cannot hold NUL, so its run upsert
    // fails (SQLSTATE 22P05, not transient) and aborts whatever transaction it is in
    String poisoned = new String(IngestRig.failingRun(fixture, 600_000_000L), java.nio.charset.StandardCharsets.UTF_8)
        .replaceFirst("\"name\": \"\"", "\"name\": \"\\\\u0000\"");
    int callers = 24;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try (IngestRig rig = new IngestRig(dataSource, IngestSettings.DEFAULTS.withAppendWriters(1), 1, n -> { })) {
      IngestRig.Target target = rig.targets.get(0);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<IngestResult>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        int n = i;
        byte[] body = n == 7 ? poisoned.getBytes(java.nio.charset.StandardCharsets.UTF_8)
            : IngestRig.failingRun(fixture, 610_000_000L + n);
        results.add(pool.submit(() -> {
          go.await();
          return rig.deliver(target, "poison-" + n, body);
        }));
      }
      go.countDown();

      for (int i = 0; i < callers; i++) {
        assertThat(results.get(i).get(60, TimeUnit.SECONDS)).as("delivery " + i).isInstanceOf(IngestResult.Accepted.class);
      }
      assertThat(rig.awaitProcessed(Duration.ofSeconds(60))).isTrue();
      Jdbi jdbi = Jdbi.create(dataSource);
      assertThat(jdbi.<String, RuntimeException>withHandle(h -> h.createQuery("SELECT attempts || ' ' || error FROM deliveries"
          + " WHERE delivery_id = 'poison-7'").mapTo(String.class).one())).startsWith("3 processing failed (attempt 3 of 3)");
      String repo = "'" + target.repository().id().value() + "'";
      assertThat(count(jdbi, "SELECT count(*) FROM deliveries WHERE repository_id = " + repo)).isEqualTo(callers);
      assertThat(count(jdbi, "SELECT count(*) FROM deliveries WHERE repository_id = " + repo
          + " AND status = 'failed' AND delivery_id = 'poison-7'")).isEqualTo(1);
      assertThat(count(jdbi, "SELECT count(*) FROM workflow_runs WHERE repository_id = " + repo)).isEqualTo(callers - 1);
      assertThat(rig.useCases.catchUpNotifications().after(target.user().id(), 0, 1000))
          .filteredOn(n -> n.type() == NotificationType.WORKFLOW_RUN_UPDATED).hasSize(callers - 1);
    } finally {
      pool.shutdownNow();
    }
  }

  private static long count(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
