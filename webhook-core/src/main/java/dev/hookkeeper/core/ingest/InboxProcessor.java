package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliverySource;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.notify.Outbox;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.Inbox.Settlement;
import dev.hookkeeper.core.port.MalformedPayloadException;
import dev.hookkeeper.core.port.WebhookInfraException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Applies the effects of stored deliveries: the "process" of persist, acknowledge, process. Each
 * round claims the due deliveries of repositories no other processor holds (in this process or
 * another sharing the store), oldest first, and applies them in one transaction together with their
 * settlement, so a delivery's effects and its leaving the inbox commit as one. Live notifications
 * are pushed after that commit, so every pushed event id is durable.
 *
 * <p>Processing can always run again (a crash before the commit, a replay): see {@link
 * DeliveryEffects}. A delivery whose processing throws is retried alone, with backoff, and marked
 * failed after {@link ProcessingSettings#maxAttempts()}; the others of its batch are not held up.
 * While the store is down the processors back off and resume by themselves.
 */
public final class InboxProcessor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(InboxProcessor.class.getName());
  private static final long MAX_OUTAGE_BACKOFF_MILLIS = 5_000;

  private final Ports ports;
  private final Providers providers;
  private final ProcessingSettings settings;
  private final DeliveryEffects effects;
  private final Consumer<HookId> hookChanged;
  private final Consumer<HookId> reconcileNow;
  private final ProcessingListener listener;
  private final ReentrantLock signalLock = new ReentrantLock();
  private final Condition workArrived = signalLock.newCondition();
  private final List<Thread> threads = new ArrayList<>();
  private long generation; // guarded by signalLock
  private volatile boolean closed;

  /**
   * @param hookChanged told of every hook whose row processing changed (to drop cached copies)
   */
  public InboxProcessor(
      Ports ports,
      Providers providers,
      ProcessingSettings settings,
      Consumer<HookId> hookChanged,
      ProcessingListener listener) {
    this(ports, providers, settings, hookChanged, id -> {}, listener);
  }

  /**
   * @param hookChanged told of every hook whose row processing changed (to drop cached copies)
   * @param reconcileNow told, after the commit, of every hook processing found needs a reconcile at
   *     once (already marked due in the schedule): a {@code meta} {@code deleted}, a new repository
   *     path
   */
  public InboxProcessor(
      Ports ports,
      Providers providers,
      ProcessingSettings settings,
      Consumer<HookId> hookChanged,
      Consumer<HookId> reconcileNow,
      ProcessingListener listener) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.hookChanged = Objects.requireNonNull(hookChanged, "hookChanged == null");
    this.reconcileNow = Objects.requireNonNull(reconcileNow, "reconcileNow == null");
    this.listener = Objects.requireNonNull(listener, "listener == null");
    this.effects = new DeliveryEffects(ports);
  }

  /** Starts the processor threads; the first round takes whatever a previous run left. */
  public synchronized void start() {
    if (closed || !threads.isEmpty()) return;
    for (int i = 0; i < settings.processors(); i++) {
      Thread t = new Thread(this::run, "hookkeeper-inbox-process-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /**
   * Work arrived (new deliveries, a replay): idle processors look at once instead of at their next
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

  /**
   * Processes every delivery due now that no other processor holds, on the calling thread; returns
   * how many were settled or put back for a retry.
   *
   * @throws WebhookInfraException when the store is down
   */
  public int processDue() {
    int total = 0;
    int n;
    while ((n = processBatch()) > 0) total += n;
    return total;
  }

  /** One transaction's worth; returns how many deliveries it settled or put back. */
  int processBatch() {
    List<Delivery> claimed = new ArrayList<>();
    Outbox outbox = new Outbox();
    Set<HookId> changed = new HashSet<>();
    Set<HookId> toReconcile = new HashSet<>();
    List<Settled> settled;
    try {
      settled =
          ports
              .tx()
              .inTransaction(
                  () -> {
                    claimed.addAll(
                        ports.inbox().claimDue(ports.clock().instant(), settings.batch()));
                    return claimed.isEmpty()
                        ? List.<Settled>of()
                        : apply(claimed, outbox, changed, toReconcile);
                  });
    } catch (WebhookInfraException e) {
      throw e;
    } catch (RuntimeException e) {
      if (claimed.isEmpty()) throw e;
      // a bug or bad data in one delivery: each alone, so only the broken one is retried
      int n = 0;
      for (Delivery d : claimed) n += processAlone(d);
      return n;
    }
    afterCommit(settled, outbox, changed, toReconcile);
    return settled.size();
  }

  private int processAlone(Delivery claimedBefore) {
    Outbox outbox = new Outbox();
    Set<HookId> changed = new HashSet<>();
    Set<HookId> toReconcile = new HashSet<>();
    List<Settled> settled;
    try {
      settled =
          ports
              .tx()
              .inTransaction(
                  () ->
                      ports
                          .inbox()
                          .claim(claimedBefore.id())
                          .map(d -> apply(List.of(d), outbox, changed, toReconcile))
                          .orElse(List.of()));
    } catch (WebhookInfraException e) {
      throw e;
    } catch (RuntimeException e) {
      return retryOrFail(claimedBefore, e);
    }
    afterCommit(settled, outbox, changed, toReconcile);
    return settled.size();
  }

  private int retryOrFail(Delivery d, RuntimeException cause) {
    int attempts = d.processing().attempts() + 1;
    Instant now = ports.clock().instant();
    String error =
        "processing failed (attempt " + attempts + " of " + settings.maxAttempts() + "): " + cause;
    LOG.log(
        Level.WARNING,
        "delivery " + d.id() + " of repository " + d.repositoryId().value() + ": " + error);
    boolean last = attempts >= settings.maxAttempts();
    boolean done =
        ports
            .tx()
            .inTransaction(
                () -> {
                  if (ports.inbox().claim(d.id()).isEmpty())
                    return false; // settled or requeued meanwhile
                  if (last) {
                    ports
                        .inbox()
                        .settle(
                            List.of(
                                new Settlement(
                                    d.id(), ProcessingStatus.FAILED, null, error, attempts, now)));
                  } else {
                    ports
                        .inbox()
                        .retryLater(
                            d.id(), attempts, now.plus(settings.backoffAfter(attempts)), error);
                  }
                  return true;
                });
    if (!done) return 0;
    listener.settled(d, last ? ProcessingStatus.FAILED : ProcessingStatus.RECEIVED, error, now);
    return 1;
  }

  /** Inside the transaction: decodes, applies and settles the claimed deliveries. */
  private List<Settled> apply(
      List<Delivery> deliveries, Outbox outbox, Set<HookId> changed, Set<HookId> toReconcile) {
    Instant now = ports.clock().instant();
    Map<HookId, Optional<RepositoryHook>> hooks = new HashMap<>();
    Map<RepositoryId, Optional<Repository>> repositories = new HashMap<>();
    List<ProcessingUnit> units = new ArrayList<>(deliveries.size());
    List<Settled> settled = new ArrayList<>(deliveries.size());
    for (Delivery d : deliveries) {
      Optional<RepositoryHook> hook =
          hooks.computeIfAbsent(d.hookId(), id -> ports.hooks().find(id));
      if (hook.isEmpty()) {
        // the repository was disconnected since: nobody to apply it for
        settled.add(
            new Settled(d, ProcessingStatus.IGNORED, null, "the hook no longer exists", now));
        continue;
      }
      units.add(unit(d, hook.get(), repositories));
    }
    if (!units.isEmpty()) {
      List<DeliveryEffects.Outcome> outcomes =
          effects.applyAll(units, outbox, changed, toReconcile);
      for (int i = 0; i < units.size(); i++) {
        ProcessingUnit u = units.get(i);
        DeliveryEffects.Outcome o = outcomes.get(i);
        settled.add(
            new Settled(
                u.delivery(),
                o.status(),
                u.action(),
                o.status() == ProcessingStatus.FAILED ? o.why() : null,
                now));
      }
    }
    List<Settlement> settlements = new ArrayList<>(settled.size());
    for (Settled s : settled) {
      settlements.add(
          new Settlement(
              s.delivery().id(),
              s.status(),
              s.action(),
              s.error(),
              s.delivery().processing().attempts() + 1,
              now));
    }
    ports.inbox().settle(settlements);
    return settled;
  }

  private ProcessingUnit unit(
      Delivery d, RepositoryHook hook, Map<RepositoryId, Optional<Repository>> repositories) {
    if (d.bodyPurged())
      return new ProcessingUnit(d, hook, null, "the body was purged by retention");
    DecodedEvent decoded;
    try {
      if (d.source() == DeliverySource.CATCH_UP) {
        decoded = CatchUpPayload.decode(d.event(), d.body());
      } else {
        Optional<InboundDecoder> decoder = providers.decoder(d.provider());
        if (decoder.isEmpty())
          return new ProcessingUnit(
              d, hook, null, "no decoder configured for " + d.provider().id());
        decoded = decoder.get().decode(d.headers(), d.body());
      }
    } catch (MalformedPayloadException e) {
      return new ProcessingUnit(d, hook, null, "malformed payload: " + e.getMessage());
    }
    if (decoded.repository() != null) {
      Optional<Repository> repo =
          repositories.computeIfAbsent(hook.repositoryId(), id -> ports.repositories().find(id));
      if (repo.isPresent()
          && repo.get().providerRepoId() != decoded.repository().providerRepoId()) {
        // signed with this hook's secret but about another repository: a leaked secret used to
        // forge events elsewhere, never something a provider sends. Kept, never applied.
        return new ProcessingUnit(
            d, hook, null, "repository_mismatch: the payload names another repository");
      }
    }
    return new ProcessingUnit(d, hook, decoded, null);
  }

  private void afterCommit(
      List<Settled> settled, Outbox outbox, Set<HookId> changed, Set<HookId> toReconcile) {
    outbox.publishAfterCommit(ports.notifier());
    for (HookId id : changed) hookChanged.accept(id);
    for (HookId id : toReconcile) {
      try {
        reconcileNow.accept(id);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "reconcile trigger failed (the hook stays due): " + e);
      }
    }
    for (Settled s : settled) {
      try {
        listener.settled(s.delivery(), s.status(), s.error(), s.at());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "processing listener failed: " + e);
      }
    }
  }

  private record Settled(
      Delivery delivery, ProcessingStatus status, String action, String error, Instant at) {}

  private void run() {
    long outageBackoff = 100;
    while (!closed && !Thread.currentThread().isInterrupted()) {
      long seen = generation();
      try {
        if (processBatch() > 0) {
          outageBackoff = 100;
          continue;
        }
        outageBackoff = 100;
        awaitWork(seen, settings.pollInterval().toMillis());
      } catch (WebhookInfraException e) {
        LOG.log(
            Level.DEBUG,
            "store unavailable to the processor, retrying in " + outageBackoff + " ms: " + e);
        sleep(outageBackoff);
        outageBackoff = Math.min(MAX_OUTAGE_BACKOFF_MILLIS, outageBackoff * 2);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "processor round failed unexpectedly: " + e);
        sleep(outageBackoff);
        outageBackoff = Math.min(MAX_OUTAGE_BACKOFF_MILLIS, outageBackoff * 2);
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

  /** Stops the processor threads after their current round; what is left stays in the inbox. */
  @Override
  public void close() {
    closed = true;
    wake();
    for (Thread t : threads) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
