package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Several instances asking to run one periodic job: exactly one of them gets each period. */
class ClusterScheduleTest {
  private static HikariDataSource dataSource;

  @BeforeAll
  static void database() {
    dataSource = TestPostgres.migratedDatabase();
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @Test
  void of_instances_asking_at_once_one_runs_the_job_and_the_others_wait_for_the_next_period() throws Exception {
    PersistenceModule stores = PersistenceModule.create(dataSource, TestCipher.random());
    int instances = 4;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        ClusterSchedule schedule = stores.clusterSchedule("instance-" + i);
        answers.add(pool.submit(() -> {
          go.await();
          return schedule.claim("race", Duration.ofHours(1));
        }));
      }
      go.countDown();
      int won = 0;
      for (Future<Boolean> f : answers) if (f.get(30, TimeUnit.SECONDS)) won++;
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(stores.clusterSchedule("late").claim("race", Duration.ofHours(1))).as("same period").isFalse();
    assertThat(stores.clusterSchedule("other").claim("another-job", Duration.ofHours(1))).as("jobs apart").isTrue();
  }

  @Test
  void instances_asking_all_the_time_run_the_job_once_per_period_between_them() throws Exception {
    PersistenceModule stores = PersistenceModule.create(dataSource, TestCipher.random());
    // every grant as the database timed it: a thread's own clock reading after claim() returns can
    // be late by however long the thread waits for a core, which says nothing about the schedule
    execute("CREATE TABLE granted (at timestamptz NOT NULL)");
    execute("CREATE FUNCTION log_grant() RETURNS trigger LANGUAGE plpgsql AS"
        + " 'BEGIN INSERT INTO granted VALUES (NEW.last_started_at); RETURN NEW; END'");
    execute("CREATE TRIGGER log_grant AFTER INSERT OR UPDATE ON cluster_jobs FOR EACH ROW EXECUTE FUNCTION log_grant()");
    Duration period = Duration.ofMillis(400);
    AtomicInteger claimed = new AtomicInteger();
    long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    List<Thread> instances = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ClusterSchedule schedule = stores.clusterSchedule("instance-" + i);
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          if (schedule.claim("steady", period)) claimed.incrementAndGet();
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      instances.add(t);
      t.start();
    }
    for (Thread t : instances) t.join(30_000);

    List<Instant> grants = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT at FROM granted ORDER BY at")) {
      while (rs.next()) grants.add(rs.getTimestamp(1).toInstant());
    }
    assertThat(grants).as("every true claim is one grant, and no other").hasSize(claimed.get());
    assertThat(grants).as("ran at all").hasSizeGreaterThanOrEqualTo(2);
    for (int i = 1; i < grants.size(); i++) {
      // the next run no sooner than the period less its 10 % margin after the last, on the database's clock
      assertThat(Duration.between(grants.get(i - 1), grants.get(i))).as("gap before run %d", i)
          .isGreaterThanOrEqualTo(Duration.ofMillis(360));
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
