package dev.hookkeeper.persistence;

import dev.hookkeeper.core.port.TransactionRunner;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One database transaction around {@code work}. Store calls inside it run on this thread's
 * transaction handle (see {@link Database}); an exception from {@code work} rolls back and
 * propagates unchanged; returning means the commit succeeded (with {@code synchronous_commit=on},
 * the WAL is on disk).
 */
final class JdbiTransactionRunner implements TransactionRunner {

  private final Database db;

  JdbiTransactionRunner(Database db) {
    this.db = db;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    Objects.requireNonNull(work, "work == null");
    return db.inTransaction(h -> work.get());
  }
}
