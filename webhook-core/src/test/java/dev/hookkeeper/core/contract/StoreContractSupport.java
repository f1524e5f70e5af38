package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.Inbox;
import dev.hookkeeper.core.support.TimeOrderedIdGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Timeout;

/**
 * Shared ground of the store contracts. Implement {@link #fixture()}; the contracts create the
 * parent rows they need through the fixture's other stores, with unique ids, and never assume an
 * empty store, so one database per test class (not per test) is enough. Times are whole seconds,
 * which every database stores exactly.
 */
@Timeout(
    60) // a broken adapter (a cursor that never advances, a lost notification) fails, not hangs
public abstract class StoreContractSupport {
  /** A fixed base time; tests place rows relative to it. */
  protected static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

  private static final TimeOrderedIdGenerator IDS = new TimeOrderedIdGenerator();

  private StoreFixture stores;

  /**
   * The stores under test, all backed by one database. Called once per test, lazily, after the
   * subclass's own {@code @BeforeEach} methods have run; never twice, even when a concurrency
   * test's threads ask for the stores at the same moment, so it may build fresh stores on every
   * call.
   */
  protected abstract StoreFixture fixture();

  protected final synchronized StoreFixture stores() {
    if (stores == null) stores = fixture();
    return stores;
  }

  protected static Instant t(long seconds) {
    return T0.plusSeconds(seconds);
  }

  protected static String uniqueId(String prefix) {
    return IDS.newId(prefix);
  }

  protected static long uniqueNumber() {
    return ThreadLocalRandom.current().nextLong(1, 1L << 52);
  }

  protected User newUser() {
    User user = new User(new UserId(uniqueId("usr")), "user " + uniqueNumber(), T0);
    stores().users().create(user, Sha256.hex(uniqueId("hk")));
    return user;
  }

  protected Repository newRepository() {
    return newRepository(Provider.GITHUB);
  }

  protected Repository newRepository(Provider provider) {
    long id = uniqueNumber();
    return stores()
        .repositories()
        .upsert(
            new Repository(
                new RepositoryId(uniqueId("repo")),
                provider,
                id,
                "owner/repo-" + id,
                "main",
                true,
                T0));
  }

  /** A PENDING hook not yet created at the provider, not stored. */
  protected RepositoryHook hookFor(Repository repo, User manager) {
    HookId id = new HookId(uniqueId("hook"));
    return new RepositoryHook(
        id,
        repo.id(),
        repo.provider(),
        null,
        new EncryptedSecret("v1:k:" + id.value()),
        null,
        Sha256.hex(id.value()),
        "https://hooks.example.com/" + repo.provider().id(),
        List.of("workflow_run", "push"),
        HookStatus.PENDING,
        null,
        null,
        manager.id(),
        1,
        T0,
        T0,
        null);
  }

  /** A stored hook, created at the provider with a unique provider hook id. */
  protected RepositoryHook newHook(Repository repo, User manager) {
    RepositoryHook hook =
        hookFor(repo, manager).withProviderHook(Long.toString(uniqueNumber()), T0);
    assertThat(stores().hooks().insertIfAbsent(hook)).as("insert hook").isTrue();
    return hook;
  }

  protected Connection connectionFor(User user, Repository repo, Instant createdAt) {
    return new Connection(
        new ConnectionId(uniqueId("conn")),
        user.id(),
        repo.id(),
        true,
        false,
        createdAt,
        createdAt);
  }

  protected Connection newConnection(User user, Repository repo) {
    Connection connection = connectionFor(user, repo, T0);
    assertThat(stores().connections().insertIfAbsent(connection)).as("insert connection").isTrue();
    return connection;
  }

  /** A delivery just verified, not stored. */
  protected static Delivery delivery(RepositoryHook hook, String deliveryId, Instant receivedAt) {
    return Delivery.received(
        uniqueId("dlv"),
        hook.provider(),
        hook.id(),
        hook.repositoryId(),
        deliveryId,
        "workflow_run",
        Headers.single("X-GitHub-Event", "workflow_run", "X-GitHub-Delivery", deliveryId),
        ("{\"delivery\":\"" + deliveryId + "\"}").getBytes(StandardCharsets.UTF_8),
        receivedAt);
  }

  /**
   * A delivery stored through the inbox and, unless {@code status} is RECEIVED, settled with it
   * (action {@code completed}, error {@code boom} when failed) one second after it arrived.
   */
  protected Delivery storedDelivery(
      RepositoryHook hook, String deliveryId, Instant receivedAt, ProcessingStatus status) {
    Delivery d = delivery(hook, deliveryId, receivedAt);
    assertThat(stores().inbox().append(List.of(d))).as("append").containsExactly(true);
    if (status != ProcessingStatus.RECEIVED) {
      stores()
          .tx()
          .inTransaction(
              () -> {
                assertThat(stores().inbox().claim(d.id())).as("claim").isPresent();
                stores()
                    .inbox()
                    .settle(
                        List.of(
                            new Inbox.Settlement(
                                d.id(),
                                status,
                                "completed",
                                status == ProcessingStatus.FAILED ? "boom" : null,
                                1,
                                receivedAt.plusSeconds(1))));
                return null;
              });
    }
    return d;
  }

  /** Runs {@code work(i)} on {@code threads} threads released together; returns results by i. */
  protected static <T> List<T> concurrently(int threads, IntFunction<T> work) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return work.apply(n);
                }));
      }
      ready.await(10, TimeUnit.SECONDS);
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) results.add(f.get(60, TimeUnit.SECONDS));
      return results;
    } catch (Exception e) {
      throw new AssertionError("concurrent work failed", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
