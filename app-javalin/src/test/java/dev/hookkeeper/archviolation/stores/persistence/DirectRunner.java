package dev.hookkeeper.archviolation.stores.persistence;

import dev.hookkeeper.core.port.TransactionRunner;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/** Violation: a store that calls Jdbi itself, so JDBI's exceptions would cross the port. */
final class DirectRunner implements TransactionRunner {
  private final Jdbi jdbi;

  DirectRunner(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    return jdbi.inTransaction(h -> work.get());
  }
}
