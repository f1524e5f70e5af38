package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.config.ReconcileSettings;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ReconcileSchedule.Claim;
import dev.hookkeeper.core.port.WebhookInfraException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reconciler: compares every hook with its provider once per interval and repairs the
 * difference (see {@link HookReconciler}). Built for several instances on one store: every turn is
 * claimed in the {@link dev.hookkeeper.core.port.ReconcileSchedule}, so a hook is repaired by one
 * instance at a time, the cluster reconciles each hook once per interval, and one token works on
 * one repository at a time. With background work on, worker threads claim due hooks by themselves
 * and, at start, every hook is due at once (missed deliveries are recovered when the server comes
 * back); otherwise {@link #reconcileDue()} does the work on the caller's thread.
 */
public final class ReconcileHooks implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ReconcileHooks.class.getName());
  private static final long MAX_OUTAGE_BACKOFF_MILLIS = 30_000;

  private final Ports ports;
  private final ReconcileSettings settings;
  private final HookReconciler reconciler;
  private final ReentrantLock signalLock = new ReentrantLock();
  private final Condition workArrived = signalLock.newCondition();
  private final List<Thread> threads = new ArrayList<>();
  private long generation; // guarded by signalLock
  private volatile boolean closed;

  /**
   * @param wakeProcessors told when caught-up runs wait in the inbox
   */
  public ReconcileHooks(
      Ports ports,
      Providers providers,
      HookSettings hookSettings,
      SelfHealing healing,
      Runnable wakeProcessors) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    Objects.requireNonNull(providers, "providers == null");
    Objects.requireNonNull(hookSettings, "hookSettings == null");
    Objects.requireNonNull(healing, "healing == null");
    Objects.requireNonNull(wakeProcessors, "wakeProcessors == null");
    this.settings = healing.settings();
    HookJournal journal = new HookJournal(ports, healing.listener());
    Credentials credentials = new Credentials(ports, healing.refresher());
    SecretRotator rotator = new SecretRotator(ports, hookSettings, journal, settings.secretGrace());
    HookProvisioner provisioner = new HookProvisioner(ports, providers, hookSettings, journal);
    this.reconciler =
        new HookReconciler(
            ports,
            settings,
            providers,
            credentials,
            new ManagerSelection(ports, providers, credentials, journal),
            new HookRepair(ports, hookSettings, provisioner, rotator, journal),
            new DeliveryRecovery(ports),
            new RunCatchUp(ports, providers, wakeProcessors),
            rotator,
            new RepositoryDeletion(ports),
            journal,
            healing.listener(),
            () -> ThreadLocalRandom.current().nextDouble());
  }

  /** With background work on: every hook due now, then the workers start. Otherwise nothing. */
  public synchronized void start() {
    if (closed || !settings.background() || !threads.isEmpty()) return;
    try {
      ports.reconcileSchedule().allDueBy(ports.clock().instant());
    } catch (WebhookInfraException e) {
      LOG.log(Level.WARNING, "could not make every hook due at start (the schedule stands): " + e);
    }
    for (int i = 0; i < settings.workers(); i++) {
      Thread t = new Thread(this::run, "hookkeeper-reconcile-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /**
   * Reconciles every hook due now that nobody else holds, on the calling thread; returns how many.
   *
   * @throws WebhookInfraException when the store is down
   */
  public int reconcileDue() {
    int n = 0;
    Optional<Claim> claim;
    while (!closed && (claim = claimDue()).isPresent()) {
      reconcileClaimed(claim.get());
      n++;
    }
    return n;
  }

  private Optional<Claim> claimDue() {
    return ports
        .reconcileSchedule()
        .claimDue(ports.clock().instant(), settings.lease(), settings.interval());
  }

  /**
   * Reconciles this hook now, on the calling thread; empty when another reconcile holds it (or its
   * token).
   */
  public Optional<ReconcileReport> reconcileNow(HookId hookId) {
    return ports
        .reconcileSchedule()
        .claim(hookId, ports.clock().instant(), settings.lease())
        .map(this::reconcileClaimed);
  }

  /** These hooks are due now; idle workers look at once. */
  public void dueNow(List<HookId> hookIds) {
    if (hookIds.isEmpty()) return;
    ports.reconcileSchedule().dueBy(hookIds, ports.clock().instant());
    wake();
  }

  /**
   * A user stored a token for {@code provider}: the hooks of the repositories they are connected to
   * that no token could manage (degraded, or never created for a lost token) are due now.
   */
  public void afterTokenStored(UserId userId, Provider provider) {
    List<HookId> due = new ArrayList<>();
    String cursor = null;
    do {
      Page<Connection> page =
          ports.connections().listByUser(userId, new PageRequest(cursor, PageRequest.MAX_LIMIT));
      for (Connection c : page.items()) {
        ports
            .hooks()
            .findByRepository(c.repositoryId())
            .filter(h -> h.provider() == provider && needsToken(h))
            .ifPresent(h -> due.add(h.id()));
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    dueNow(due);
  }

  private static boolean needsToken(RepositoryHook hook) {
    return hook.status() == HookStatus.DEGRADED
        || hook.status() == HookStatus.FAILED
        || hook.status() == HookStatus.INACTIVE;
  }

  /**
   * Work may be due (a trigger, a stored token): idle workers look at once instead of at their next
   * poll.
   */
  public void wake() {
    signalLock.lock();
    try {
      generation++;
      workArrived.signalAll();
    } finally {
      signalLock.unlock();
    }
  }

  private ReconcileReport reconcileClaimed(Claim claim) {
    ReconcileReport report = reconciler.reconcile(claim);
    if (report.outcome() != ReconcileReport.Outcome.RECONCILED || !report.did().isEmpty()) {
      LOG.log(
          Level.INFO,
          "reconciled hook "
              + claim.hookId().value()
              + ": "
              + report.outcome().wireName()
              + ", found "
              + report.found().size()
              + ", did "
              + report.did().size()
              + ", redelivered "
              + report.redelivered()
              + ", caught up "
              + report.caughtUp()
              + (report.error() == null ? "" : ", " + report.error().reason().code()));
    }
    return report;
  }

  private void run() {
    long backoff = 1_000;
    while (!closed && !Thread.currentThread().isInterrupted()) {
      long seen = generation();
      try {
        Optional<Claim> claim = claimDue();
        backoff = 1_000;
        if (claim.isPresent()) {
          reconcileClaimed(claim.get());
          continue;
        }
        awaitWork(seen, settings.pollInterval().toMillis());
      } catch (WebhookInfraException e) {
        LOG.log(
            Level.DEBUG,
            "store unavailable to the reconciler, retrying in " + backoff + " ms: " + e);
        sleep(backoff);
        backoff = Math.min(MAX_OUTAGE_BACKOFF_MILLIS, backoff * 2);
      } catch (RuntimeException e) {
        LOG.log(
            Level.ERROR,
            "reconcile failed unexpectedly (its claim lapses; it is tried again): " + e,
            e);
        sleep(backoff);
        backoff = Math.min(MAX_OUTAGE_BACKOFF_MILLIS, backoff * 2);
      }
    }
  }

  private long generation() {
    signalLock.lock();
    try {
      return generation;
    } finally {
      signalLock.unlock();
    }
  }

  private void awaitWork(long seen, long millis) {
    signalLock.lock();
    try {
      long nanos = millis * 1_000_000L;
      while (generation == seen && nanos > 0 && !closed) nanos = workArrived.awaitNanos(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      signalLock.unlock();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the workers after their current reconcile (bounded wait); a reconcile cut short lapses
   * its claim.
   */
  @Override
  public void close() {
    closed = true;
    wake();
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
