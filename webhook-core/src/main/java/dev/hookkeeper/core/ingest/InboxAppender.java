package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.port.Inbox;
import dev.hookkeeper.core.port.StoreUnavailableException;
import dev.hookkeeper.core.port.WebhookInfraException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Group commit of inbox appends: request threads queue their verified deliveries; a writer thread
 * takes the first one waiting plus whatever else is queued (up to the batch limit) and appends the
 * lot in one durable commit. A commit costs a disk flush, a round trip and the database's
 * per-transaction CPU whatever its size, so under load many deliveries share them; alone, a
 * delivery commits at once.
 *
 * <p>One writer gathers at a time. While another writer's commit is in flight it holds its batch
 * open, so the deliveries arriving meanwhile share its commit, and starts a second commit beside
 * the first only once half a batch waits (or the first takes abnormally long). So a moderate load
 * costs one commit in flight per instance, not one per writer, and the commits per delivery do not
 * grow with the instances sharing a database; a heavy one still overlaps inserting with the other
 * commit reaching the disk. Threads start with the first delivery; {@link #close} appends what is
 * queued, then stops them.
 */
final class InboxAppender implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(InboxAppender.class.getName());
  private static final long IDLE_POLL_MILLIS = 50;
  private static final long CLOSE_WAIT_MILLIS = 30_000;

  /**
   * Longest a batch is held for a commit in flight: a commit slower than this is not waited for.
   */
  static final long HOLD_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Inbox inbox;
  private final int writerCount;
  private final int maxBatch;
  private final int overlapAt;
  private final long holdMaxNanos;
  private final Consumer<List<Delivery>> appended;
  private final BlockingQueue<AppendUnit> queue = new LinkedBlockingQueue<>();
  private final ReadWriteLock state = new ReentrantReadWriteLock();
  private final List<Thread> writers = new ArrayList<>();
  private final ReentrantLock gathering = new ReentrantLock();
  private final ReentrantLock flight = new ReentrantLock();
  private final Condition flightChanged = flight.newCondition();
  private int commitsInFlight; // guarded by flight
  private volatile boolean holding;
  private boolean started; // guarded by state's write lock, read under its read lock
  private volatile boolean closed;

  /**
   * @param appended told of the deliveries each commit stored, after the commit
   */
  InboxAppender(Inbox inbox, int writerCount, int maxBatch, Consumer<List<Delivery>> appended) {
    this(inbox, writerCount, maxBatch, appended, HOLD_MAX_NANOS);
  }

  InboxAppender(
      Inbox inbox,
      int writerCount,
      int maxBatch,
      Consumer<List<Delivery>> appended,
      long holdMaxNanos) {
    this.inbox = inbox;
    this.holdMaxNanos = holdMaxNanos;
    this.writerCount = writerCount;
    this.maxBatch = maxBatch;
    this.overlapAt = Math.max(1, maxBatch / 2);
    this.appended = appended;
  }

  /** Queues the delivery; the unit's answer completes after its commit. */
  AppendUnit submit(Delivery delivery, long deadlineNanos) {
    AppendUnit unit = new AppendUnit(delivery, deadlineNanos);
    state.readLock().lock();
    try {
      if (closed) throw new IllegalStateException("ingest is closed");
      if (!started) {
        state.readLock().unlock();
        startOnce();
        state.readLock().lock();
        if (closed) throw new IllegalStateException("ingest is closed");
      }
      queue.add(unit);
    } finally {
      state.readLock().unlock();
    }
    if (holding && queue.size() + 1 >= overlapAt) signalFlight(); // the holder has one in hand
    return unit;
  }

  int queued() {
    return queue.size();
  }

  /** Whether a writer holds a gathered batch open for another's commit. */
  boolean holding() {
    return holding;
  }

  int writersAlive() {
    state.readLock().lock();
    try {
      return (int) writers.stream().filter(Thread::isAlive).count();
    } finally {
      state.readLock().unlock();
    }
  }

  private void startOnce() {
    state.writeLock().lock();
    try {
      if (started || closed) return;
      for (int i = 0; i < writerCount; i++) {
        Thread t = new Thread(this::drain, "hookkeeper-inbox-append-" + i);
        t.setDaemon(true); // a host that forgets close() still exits; queued callers then time out
        writers.add(t);
        t.start();
      }
      started = true;
    } finally {
      state.writeLock().unlock();
    }
  }

  private void drain() {
    List<AppendUnit> batch = new ArrayList<>(maxBatch);
    while (gather(batch)) {
      try {
        takeLive(batch);
        if (!batch.isEmpty()) append(batch);
      } finally {
        commitEnded();
        batch.clear();
      }
    }
  }

  /**
   * Fills the batch and counts its commit as in flight; false once closed with nothing queued. The
   * commit is counted before the next writer may gather, so two never start side by side unheld.
   */
  private boolean gather(List<AppendUnit> batch) {
    gathering.lock();
    try {
      AppendUnit first = null;
      while (first == null) {
        try {
          first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          first = queue.poll(); // a host shutting down hard: answer what is queued first
          if (first == null) return false;
        }
        if (first == null && closed && queue.isEmpty())
          return false; // submit checks closed under the lock
      }
      batch.add(first);
      holdWhileCommitInFlight();
      queue.drainTo(batch, maxBatch - 1);
      flight.lock();
      try {
        commitsInFlight++;
      } finally {
        flight.unlock();
      }
      return true;
    } finally {
      gathering.unlock();
    }
  }

  private void holdWhileCommitInFlight() {
    long until = System.nanoTime() + holdMaxNanos;
    flight.lock();
    try {
      holding = true;
      long left;
      while (commitsInFlight > 0
          && queue.size() + 1 < overlapAt
          && !closed
          && (left = until - System.nanoTime()) > 0) {
        flightChanged.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stop holding; the next poll sees the interrupt
    } finally {
      holding = false;
      flight.unlock();
    }
  }

  private void commitEnded() {
    flight.lock();
    try {
      commitsInFlight--;
      flightChanged.signalAll();
    } finally {
      flight.unlock();
    }
  }

  private void signalFlight() {
    flight.lock();
    try {
      flightChanged.signalAll();
    } finally {
      flight.unlock();
    }
  }

  /**
   * Keeps the units whose callers still wait and that can be stored in time: one whose answer is
   * due within the margin is refused unstored, since a late 2xx is lost anyway (the store or the
   * host is too slow right now).
   */
  private static void takeLive(List<AppendUnit> batch) {
    long now = System.nanoTime();
    batch.removeIf(
        u -> {
          if (!u.take()) return true;
          if (u.deadlineNanos() - now > MARGIN_NANOS) return false;
          u.stored()
              .completeExceptionally(
                  new StoreUnavailableException(
                      "queued until its answer was due; not stored, to be redelivered", null));
          return true;
        });
  }

  /**
   * A commit needs at least this long; a delivery with less time left is refused, not stored late.
   */
  static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private void append(List<AppendUnit> batch) {
    List<Delivery> rows = new ArrayList<>(batch.size());
    for (AppendUnit u : batch) rows.add(u.delivery());
    boolean[] fresh;
    try {
      fresh = inbox.append(rows);
    } catch (WebhookInfraException e) {
      for (AppendUnit u : batch) u.stored().completeExceptionally(e);
      return;
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        LOG.log(Level.ERROR, "inbox append failed: " + e);
        batch.get(0).stored().completeExceptionally(e);
        return;
      }
      for (AppendUnit u : batch) append(List.of(u)); // only the broken one fails
      return;
    } catch (Error e) {
      for (AppendUnit u : batch) u.stored().completeExceptionally(e);
      throw e;
    }
    List<Delivery> stored = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      if (fresh[i]) stored.add(rows.get(i));
      batch.get(i).stored().complete(fresh[i]);
    }
    if (stored.isEmpty()) return;
    try {
      appended.accept(stored);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "after-append listener failed: " + e);
    }
  }

  /** Refuses new deliveries, appends those already queued, and stops the writers. */
  @Override
  public void close() {
    state.writeLock().lock();
    try {
      closed = true;
    } finally {
      state.writeLock().unlock();
    }
    signalFlight();
    for (Thread t : writers) {
      try {
        t.join(CLOSE_WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
