package dev.hookkeeper.archviolation.stores.persistence;

import org.jdbi.v3.core.Jdbi;

/** The planted gateway: the one class allowed to hold the Jdbi. */
final class Gateway {
  private final Jdbi jdbi;

  Gateway(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  <T> T inTransaction(java.util.function.Supplier<T> work) {
    return jdbi.inTransaction(h -> work.get());
  }
}
