package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    Duration period = Duration.ofMillis(400);
    List<Long> runs = Collections.synchronizedList(new ArrayList<>());
    long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    List<Thread> instances = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ClusterSchedule schedule = stores.clusterSchedule("instance-" + i);
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          if (schedule.claim("steady", period)) runs.add(System.nanoTime());
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

    List<Long> sorted = new ArrayList<>(runs);
    Collections.sort(sorted);
    assertThat(sorted).as("ran at all").hasSizeGreaterThanOrEqualTo(2);
    for (int i = 1; i < sorted.size(); i++) {
      // the database grants the next run no sooner than the period less its 10 % margin after the last
      assertThat(Duration.ofNanos(sorted.get(i) - sorted.get(i - 1))).as("gap before run %d", i)
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
    assertThat(sorted.size()).as("at most once per period over 3 s").isLessThanOrEqualTo(3_000 / 360 + 1);
  }
}
