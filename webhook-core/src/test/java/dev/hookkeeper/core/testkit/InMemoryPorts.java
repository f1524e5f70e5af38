package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.contract.StoreFixture;
import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.core.crypto.RandomSecretGenerator;
import dev.hookkeeper.core.support.TimeOrderedIdGenerator;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * Every in-memory store, sharing one lock so that {@link #tx()} isolates a transaction from all of
 * them and rolls all of them back on an exception; plus a {@link RecordingNotifier} and a {@link
 * MutableClock}. {@link #ports()} adds the real JDK-only cipher, secret and id generators.
 */
public final class InMemoryPorts {
  private final Object lock = new Object();
  private final InMemoryUserStore users = new InMemoryUserStore(lock);
  private final InMemoryTokenVault tokens = new InMemoryTokenVault(lock);
  private final InMemoryRepositoryStore repositories = new InMemoryRepositoryStore(lock);
  private final InMemoryHookStore hooks = new InMemoryHookStore(lock);
  private final InMemoryConnectionStore connections = new InMemoryConnectionStore(lock);
  private final InMemoryDeliveryLog deliveries = new InMemoryDeliveryLog(lock);
  private final InMemoryIncidentStore incidents = new InMemoryIncidentStore(lock);
  private final InMemoryWorkflowRunStore runs;
  private final InMemoryNotificationStore notifications = new InMemoryNotificationStore(lock);
  private final InMemoryHookCleanupQueue cleanups = new InMemoryHookCleanupQueue(lock);
  private final InMemoryHookEventLog hookEvents = new InMemoryHookEventLog(lock);
  private final InMemoryReconcileSchedule reconcileSchedule =
      new InMemoryReconcileSchedule(lock, hooks);
  private final InMemoryTransactionRunner tx;
  private final RecordingNotifier notifier = new RecordingNotifier();
  private final MutableClock clock;
  private final AesGcmSecretCipher cipher = new AesGcmSecretCipher(KeyRing.of(randomKey()));
  private final TimeOrderedIdGenerator ids;

  public InMemoryPorts(Instant start) {
    this.clock = new MutableClock(start);
    this.ids = new TimeOrderedIdGenerator(clock, new SecureRandom());
    this.runs = new InMemoryWorkflowRunStore(lock, clock, incidents::references);
    this.tx =
        new InMemoryTransactionRunner(
            lock,
            List.of(
                users,
                tokens,
                repositories,
                hooks,
                connections,
                deliveries,
                runs,
                incidents,
                notifications,
                cleanups,
                hookEvents,
                reconcileSchedule));
  }

  public InMemoryPorts() {
    this(MutableClock.DEFAULT_START);
  }

  public InMemoryUserStore users() {
    return users;
  }

  public InMemoryTokenVault tokens() {
    return tokens;
  }

  public InMemoryRepositoryStore repositories() {
    return repositories;
  }

  public InMemoryHookStore hooks() {
    return hooks;
  }

  public InMemoryConnectionStore connections() {
    return connections;
  }

  public InMemoryDeliveryLog deliveries() {
    return deliveries;
  }

  public InMemoryWorkflowRunStore runs() {
    return runs;
  }

  public InMemoryIncidentStore incidents() {
    return incidents;
  }

  public InMemoryNotificationStore notifications() {
    return notifications;
  }

  public InMemoryHookCleanupQueue cleanups() {
    return cleanups;
  }

  public InMemoryHookEventLog hookEvents() {
    return hookEvents;
  }

  public InMemoryReconcileSchedule reconcileSchedule() {
    return reconcileSchedule;
  }

  public InMemoryTransactionRunner tx() {
    return tx;
  }

  public RecordingNotifier notifier() {
    return notifier;
  }

  public MutableClock clock() {
    return clock;
  }

  /** The stores as the contract tests take them. */
  public StoreFixture storeFixture() {
    return new StoreFixture(
        users,
        tokens,
        repositories,
        hooks,
        connections,
        deliveries,
        deliveries,
        runs,
        incidents,
        notifications,
        cleanups,
        hookEvents,
        reconcileSchedule,
        tx);
  }

  /**
   * The use cases' ports: these stores, notifier and clock, an AES-GCM cipher with a random key, a
   * secure secret generator and time-ordered ids on this clock.
   */
  public Ports ports() {
    return new Ports(
        users,
        tokens,
        repositories,
        hooks,
        connections,
        deliveries,
        deliveries,
        runs,
        incidents,
        notifications,
        cleanups,
        hookEvents,
        reconcileSchedule,
        notifier,
        tx,
        cipher,
        new RandomSecretGenerator(),
        ids,
        clock);
  }

  /** The cipher {@link #ports()} uses (one random key per instance). */
  public AesGcmSecretCipher cipher() {
    return cipher;
  }

  /** The id generator {@link #ports()} uses, on {@link #clock()}. */
  public TimeOrderedIdGenerator ids() {
    return ids;
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
