package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.TransactionRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConcurrentDeliveryTest {

  private static final int THREADS = 32;
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
  void thirty_two_threads_inserting_one_delivery_store_one_row_and_one_effect() throws Exception {
    Fixtures fx = new Fixtures(stores);
    User user = fx.user();
    Repository repo = fx.repository();
    RepositoryHook hook = fx.hook(repo, user, TestCipher.random(), Secret.of("s3cret-value-for-hook"));
    TransactionRunner tx = stores.transactionRunner();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < THREADS; i++) {
        // each thread has its own Hookkeeper id, as each HTTP request would; the dedup key is shared
        Delivery copy = Fixtures.delivery(hook, "guid-same-for-all", Fixtures.json("{\"n\":1}"), Fixtures.T0);
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return tx.inTransaction(
                      () -> {
                        boolean fresh = stores.inbox().append(List.of(copy))[0];
                        if (fresh) {
                          stores.notifications().append(new NotificationDraft(user.id(),
                              NotificationType.WORKFLOW_RUN_UPDATED, Map.of("delivery", copy.id()), Fixtures.T0));
                        }
                        return fresh;
                      });
                }));
      }
      start.countDown();
      long winners = 0;
      for (Future<Boolean> r : results) if (r.get(30, TimeUnit.SECONDS)) winners++;
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }

    long rows = Jdbi.create(dataSource).withHandle(h -> h.createQuery(
            "SELECT count(*) FROM deliveries WHERE delivery_id = 'guid-same-for-all'").mapTo(Long.class).one());
    assertThat(rows).isEqualTo(1);
    assertThat(stores.notifications().listAfter(user.id(), 0, 100)).hasSize(1);
  }
}
