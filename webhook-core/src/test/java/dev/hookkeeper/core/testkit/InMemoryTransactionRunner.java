package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.port.TransactionRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs work under the one lock every in-memory store of an {@link InMemoryPorts} shares, so a
 * transaction is isolated (serializable: no other thread's store call interleaves with it).
 * Rollback is best effort: on an exception the participating stores are restored to their
 * checkpoints taken when the outermost transaction began, as a database would roll back (a
 * runner built without participants gives isolation only, no rollback). Nested calls join the
 * outer transaction. Nothing is durable; a returned value means the work is visible to others.
 */
public final class InMemoryTransactionRunner implements TransactionRunner {
  private final Object lock;
  private final List<Participant> participants;
  private int depth; // guarded by lock; only the lock holder touches it

  public InMemoryTransactionRunner(Object lock, List<? extends Participant> participants) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
    this.participants = List.copyOf(participants);
  }

  /** Isolation only: no store to roll back. */
  public InMemoryTransactionRunner(Object lock) {
    this(lock, List.of());
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    synchronized (lock) {
      if (depth > 0) return work.get();
      List<Runnable> restore = new ArrayList<>(participants.size());
      for (Participant p : participants) restore.add(p.checkpoint());
      depth++;
      try {
        return work.get();
      } catch (RuntimeException | Error e) {
        restore.forEach(Runnable::run);
        throw e;
      } finally {
        depth--;
      }
    }
  }

  /** A store whose state can be put back as it was at a checkpoint. */
  public interface Participant {
    /** Captures the current state; running the result restores it. Called under the lock. */
    Runnable checkpoint();
  }
}
