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
import java.util.Collection;
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

  /**
   * How long a repository whose deliveries this process could not claim is taken to be held by
   * another instance: appends for it wake nobody meanwhile, and the processors look again once it
   * has passed. Bounds the vain claims per instance to a few a second instead of one per append,
   * and the extra wait of a delivery for a repository another instance just let go to this long.
   */
  static final long HELD_ELSEWHERE_NANOS = 100_000_000L;

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

  /** The repositories each local processor is applying now, by thread; guarded by signalLock. */
  private final Map<Thread, Set<RepositoryId>> holding = new HashMap<>();

  /** Repositories appended since the last claim began; guarded by signalLock. */
  private final Set<RepositoryId> wokenFor = new HashSet<>();

  /**
   * Until when (System.nanoTime) a repository is taken to be held elsewhere; guarded by signalLock.
   */
  private final Map<RepositoryId, Long> heldElsewhereUntil = new HashMap<>();

  /**
   * When the processors should look again for deliveries whose wake was held back; guarded by
   * signalLock.
   */
  private long deferredUntil;

  private boolean deferred; // guarded by signalLock
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
      signalLocked();
    } finally {
      signalLock.unlock();
    }
  }

  /**
   * Deliveries of these repositories arrived. Idle processors look at once, unless every one of
   * them is being applied by a processor of this process: that one takes them in its next round,
   * and its end of round wakes the others. (Without this, a processor whose last claim found only
   * held repositories claimed again on every append, in vain, costing the database a scan each time
   * while one hot repository was processed.)
   */
  public void wake(Collection<RepositoryId> repositories) {
    signalLock.lock();
    try {
      if (repositories.isEmpty()) {
        signalLocked();
        return;
      }
      long now = System.nanoTime();
      boolean elsewhere = false;
      for (RepositoryId r : repositories) {
        if (heldLocally(r)) continue;
        wokenFor.add(r);
        Long until = heldElsewhereUntil.get(r);
        if (until != null && until - now > 0) {
          elsewhere = true;
          continue;
        }
        signalLocked();
        return;
      }
      // another instance holds them (its processor takes these too while it holds them): look
      // again once the hold is taken to be over, unless something else wakes the processors first
      if (elsewhere && !deferred) {
        deferred = true;
        deferredUntil = now + HELD_ELSEWHERE_NANOS;
        workArrived.signalAll(); // waiting processors shorten their wait; generation unchanged
      }
    } finally {
      signalLock.unlock();
    }
  }

  /** The repositories appended since the last claim began (and forgets them). */
  private Set<RepositoryId> takeWokenFor() {
    signalLock.lock();
    try {
      Set<RepositoryId> taken = new HashSet<>(wokenFor);
      wokenFor.clear();
      deferred = false;
      return taken;
    } finally {
      signalLock.unlock();
    }
  }

  /**
   * A claim found nothing for these repositories, though deliveries of theirs arrived: held
   * elsewhere.
   */
  private void heldElsewhere(Set<RepositoryId> repositories) {
    if (repositories.isEmpty()) return;
    signalLock.lock();
    try {
      long now = System.nanoTime();
      long until = now + HELD_ELSEWHERE_NANOS;
      heldElsewhereUntil.entrySet().removeIf(e -> e.getValue() - now < 0);
      for (RepositoryId r : repositories) {
        if (!heldLocally(r)) heldElsewhereUntil.put(r, until);
      }
    } finally {
      signalLock.unlock();
    }
  }

  private boolean heldLocally(RepositoryId repository) {
    for (Set<RepositoryId> held : holding.values()) {
      if (held.contains(repository)) return true;
    }
    return false;
  }

  private void signalLocked() {
    generation++;
    workArrived.signalAll();
  }

  /** This thread now applies the deliveries of these repositories (until {@link #released()}). */
  private void holds(List<Delivery> claimed) {
    Set<RepositoryId> repositories = new HashSet<>();
    for (Delivery d : claimed) repositories.add(d.repositoryId());
    signalLock.lock();
    try {
      holding.put(Thread.currentThread(), repositories);
    } finally {
      signalLock.unlock();
    }
  }

  /** This thread's round ended (committed or not): what it held may be claimed by the others. */
  private void released() {
    signalLock.lock();
    try {
      if (holding.remove(Thread.currentThread()) != null) signalLocked();
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
    try {
      return claimAndApply();
    } finally {
      released();
    }
  }

  private int claimAndApply() {
    List<Delivery> claimed = new ArrayList<>();
    Outbox outbox = new Outbox();
    Set<HookId> changed = new HashSet<>();
    Set<HookId> toReconcile = new HashSet<>();
    List<Settled> settled;
    Set<RepositoryId> appended = takeWokenFor();
    try {
      settled =
          ports
              .tx()
              .inTransaction(
                  () -> {
                    claimed.addAll(
                        ports.inbox().claimDue(ports.clock().instant(), settings.batch()));
                    if (claimed.isEmpty()) return List.<Settled>of();
                    holds(claimed);
                    return apply(claimed, outbox, changed, toReconcile);
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
    if (claimed.isEmpty()) heldElsewhere(appended);
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
      long deadline = System.nanoTime() + millis * 1_000_000L;
      while (generation == seen && !closed) {
        long until = deferred && deferredUntil - deadline < 0 ? deferredUntil : deadline;
        long nanos = until - System.nanoTime();
        if (nanos <= 0) break;
        workArrived.awaitNanos(nanos);
      }
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
