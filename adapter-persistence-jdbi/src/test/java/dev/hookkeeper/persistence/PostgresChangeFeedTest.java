package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What one instance commits, another hears: hook changes and stored notifications, once committed. */
class PostgresChangeFeedTest {
  private HikariDataSource dataSource;
  private PersistenceModule stores;
  private PostgresChangeFeed feed;
  private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
  private final AtomicInteger resyncs = new AtomicInteger();

  @BeforeEach
  void start() throws InterruptedException {
    dataSource = TestPostgres.migratedDatabase();
    stores = PersistenceModule.create(dataSource, TestCipher.random());
    feed = PostgresChangeFeed.start(dataSource.getJdbcUrl(), List.of("hookkeeper_hooks", "hookkeeper_notifications"),
        new PostgresChangeFeed.Listener() {
          @Override
          public void notified(String channel, String payload) {
            heard.add(channel + " " + payload);
          }

          @Override
          public void resynced() {
            resyncs.incrementAndGet();
          }
        });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!feed.connected() && System.nanoTime() < deadline) Thread.sleep(20);
    assertThat(feed.connected()).isTrue();
  }

  @AfterEach
  void stop() {
    feed.close();
    dataSource.close();
  }

  @Test
  void hears_a_stored_notification_only_once_its_transaction_commits() throws InterruptedException {
    User user = new Fixtures(stores).user();
    stores.transactionRunner().inTransaction(() -> {
      stores.notifications().append(new NotificationDraft(user.id(), NotificationType.INCIDENT_OPENED, Map.of(),
          Fixtures.T0));
      assertThat(pollQuietly(Duration.ofMillis(300))).as("nothing before the commit").isNull();
      return null;
    });

    assertThat(poll(Duration.ofSeconds(10))).isEqualTo("hookkeeper_notifications " + user.id().value() + ":1");
    try {
      stores.transactionRunner().inTransaction(() -> {
        stores.notifications().append(new NotificationDraft(user.id(), NotificationType.INCIDENT_OPENED, Map.of(),
            Fixtures.T0));
        throw new IllegalStateException("rolled back");
      });
    } catch (IllegalStateException expected) {
      // nothing was stored, so nothing is heard
    }
    assertThat(poll(Duration.ofMillis(500))).isNull();
  }

  @Test
  void hears_a_hook_whose_secret_or_keys_changed_or_that_is_gone_but_not_a_delivery_time() throws InterruptedException {
    Fixtures fx = new Fixtures(stores);
    User user = fx.user();
    Repository repo = fx.repository();
    RepositoryHook hook = fx.hook(repo, user, TestCipher.random(), Secret.of("feed-secret-0123456789"));
    heard.clear();

    stores.hooks().markDelivered(hook.id(), Fixtures.T0.plusSeconds(60));
    assertThat(poll(Duration.ofMillis(500))).as("a delivery time is not a change a cache cares about").isNull();

    stores.hooks().rotateSecret(hook.id(), new EncryptedSecret("v1:k:rotated"), "ab".repeat(32), Fixtures.T0);
    assertThat(poll(Duration.ofSeconds(10))).isEqualTo("hookkeeper_hooks " + hook.id().value());
    stores.hooks().delete(hook.id());
    assertThat(poll(Duration.ofSeconds(10))).isEqualTo("hookkeeper_hooks " + hook.id().value());
  }

  @Test
  void reconnects_after_its_session_is_killed_and_says_it_may_have_missed_something() throws InterruptedException {
    int before = resyncs.get();
    Jdbi.create(dataSource).useHandle(h -> h.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'hookkeeper-listen'"));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (resyncs.get() == before && System.nanoTime() < deadline) Thread.sleep(20);
    assertThat(resyncs.get()).isGreaterThan(before);
    User user = new Fixtures(stores).user();
    stores.notifications().append(new NotificationDraft(user.id(), NotificationType.INCIDENT_OPENED, Map.of(),
        Fixtures.T0));
    assertThat(poll(Duration.ofSeconds(10))).isEqualTo("hookkeeper_notifications " + user.id().value() + ":1");
  }

  private String pollQuietly(Duration within) {
    try {
      return poll(within);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String poll(Duration within) throws InterruptedException {
    return heard.poll(within.toMillis(), TimeUnit.MILLISECONDS);
  }
}
