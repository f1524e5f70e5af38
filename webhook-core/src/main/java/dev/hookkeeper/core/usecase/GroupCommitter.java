package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.port.StoreUnavailableException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Group commit: request threads queue their deliveries; each writer thread takes the first one
 * waiting and whatever else is already queued (up to the batch limit, never waiting for more) and
 * hands the lot to one transaction. A commit costs a disk flush and a round trip per statement
 * whatever its size, so under load many deliveries share them; alone, a delivery commits at once.
 *
 * <p>Deliveries are partitioned to writers by repository, so one repository's rows (its hook, its
 * runs, its incidents) are only ever locked by one writer and writers never queue on each other's
 * row locks. A writer may run {@code batchesInFlight} threads on its queue: while one batch waits
 * for its commit to reach the disk, the next inserts its deliveries; it then waits at the hook's
 * row lock ({@link DeliveryEffects}), so effects still apply one batch after the other and locks
 * are taken in one order. Threads start with the first delivery; {@link #close} commits what is
 * queued, then stops them.
 */
final class GroupCommitter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());
  /** How often an idle writer checks whether it should stop. */
  private static final long IDLE_POLL_MILLIS = 50;
  private static final long CLOSE_WAIT_MILLIS = 60_000;

  private final List<BlockingQueue<IngestUnit>> queues;
  private final int maxBatch;
  private final int threadsPerQueue;
  private final long maxQueueWaitNanos;
  private final Consumer<List<IngestUnit>> commitBatch;
  private final ReadWriteLock state = new ReentrantReadWriteLock();
  private final List<Thread> writers = new ArrayList<>();
  private boolean started; // guarded by state's write lock, read under its read lock
  private volatile boolean closed;

  /**
   * @param commitBatch commits the batch and completes every unit's result; a unit it leaves
   *     unanswered (because it threw) gets the exception
   */
  GroupCommitter(IngestSettings settings, Consumer<List<IngestUnit>> commitBatch) {
    this.maxBatch = settings.maxBatch();
    this.threadsPerQueue = settings.batchesInFlight();
    this.maxQueueWaitNanos = settings.maxQueueWait().toNanos();
    this.commitBatch = commitBatch;
    List<BlockingQueue<IngestUnit>> qs = new ArrayList<>(settings.commitWriters());
    for (int i = 0; i < settings.commitWriters(); i++) qs.add(new LinkedBlockingQueue<>());
    this.queues = List.copyOf(qs);
  }

  /** Queues the unit; its result completes after its transaction. */
  void submit(IngestUnit unit) {
    state.readLock().lock();
    try {
      if (closed) throw new IllegalStateException("ingest is closed");
      if (!started) {
        state.readLock().unlock();
        startOnce();
        state.readLock().lock();
        if (closed) throw new IllegalStateException("ingest is closed");
      }
      queues.get(Math.floorMod(unit.hook().repositoryId().hashCode(), queues.size())).add(unit);
    } finally {
      state.readLock().unlock();
    }
  }

  /** Units queued and not yet taken by a writer. */
  int queued() {
    int n = 0;
    for (BlockingQueue<IngestUnit> q : queues) n += q.size();
    return n;
  }

  /** Writer threads still running. */
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
      for (int i = 0; i < queues.size(); i++) {
        BlockingQueue<IngestUnit> queue = queues.get(i);
        for (int j = 0; j < threadsPerQueue; j++) {
          Thread t = new Thread(() -> drain(queue), "hookkeeper-ingest-commit-" + i + "-" + j);
          t.setDaemon(true); // a host that forgets close() still exits; queued callers then get no answer
          writers.add(t);
          t.start();
        }
      }
      started = true;
    } finally {
      state.writeLock().unlock();
    }
  }

  private void drain(BlockingQueue<IngestUnit> queue) {
    List<IngestUnit> batch = new ArrayList<>(maxBatch);
    while (true) {
      IngestUnit first;
      try {
        first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        // nothing interrupts a writer but a host shutting down hard: answer what is queued first
        first = queue.poll();
        if (first == null) return;
      }
      if (first == null) {
        // submit() checks `closed` under the lock close() sets it under: nothing arrives after
        if (closed && queue.isEmpty()) return;
        continue;
      }
      batch.add(first);
      queue.drainTo(batch, maxBatch - 1);
      if (maxQueueWaitNanos > 0) refuseStale(batch);
      if (!batch.isEmpty()) commit(batch);
      batch.clear();
    }
  }

  /**
   * Answers store-unavailable, without storing them, the deliveries that have waited too long to
   * be answered in time anyway (a store outage: each batch waits out a connection timeout; or an
   * overloaded host). The provider shows them failed, as it would after its own timeout.
   */
  private void refuseStale(List<IngestUnit> batch) {
    long now = System.nanoTime();
    batch.removeIf(u -> {
      if (now - u.startedNanos() <= maxQueueWaitNanos) return false;
      u.result().completeExceptionally(new StoreUnavailableException(
          "waited " + (now - u.startedNanos()) / 1_000_000 + " ms for the store; not stored, to be redelivered", null));
      return true;
    });
  }

  private void commit(List<IngestUnit> batch) {
    try {
      commitBatch.accept(batch);
    } catch (Throwable t) { // the writer must survive anything one batch does
      LOG.log(Level.ERROR, "ingest batch of " + batch.size() + " failed unexpectedly: " + t);
      for (IngestUnit u : batch) u.result().completeExceptionally(t);
      if (t instanceof VirtualMachineError vm) throw vm;
    }
    for (IngestUnit u : batch) {
      if (!u.result().isDone()) u.result().completeExceptionally(new IllegalStateException("delivery left unanswered"));
    }
  }

  /** Refuses new deliveries, commits those already queued, and stops the writers. */
  @Override
  public void close() {
    state.writeLock().lock();
    try {
      closed = true;
    } finally {
      state.writeLock().unlock();
    }
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
