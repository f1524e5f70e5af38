package dev.hookkeeper.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The stores' single way into JDBI. JDBI 3 keeps the handle of an open {@code withHandle} /
 * {@code inTransaction} in a thread-local scope and hands it to nested calls on the same thread,
 * and a nested {@code inTransaction} joins the open transaction; so every store call made inside
 * {@link JdbiTransactionRunner#inTransaction} commits or rolls back with it
 * ({@code JdbiTransactionRunnerTest} proves both).
 */
final class Database {

  private final Jdbi jdbi;

  Database(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi == null");
  }

  Jdbi jdbi() {
    return jdbi;
  }

  /** One or more statements; autocommit unless a transaction is open on this thread. */
  <T> T withHandle(HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.withHandle(work);
    } catch (JdbiException e) {
      throw StoreFailures.translate(e);
    }
  }

  /** Statements that must be atomic on their own; joins the caller's transaction if one is open. */
  <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.inTransaction(work);
    } catch (JdbiException e) {
      throw StoreFailures.translate(e);
    }
  }

  /**
   * Plain JDBC on the current handle's connection (joining an open transaction), for the few bulk
   * statements where JDBI's per-argument binding costs more than the statement itself.
   */
  <T> T withConnection(JdbcWork<T> work) {
    return withHandle(
        h -> {
          try {
            return work.apply(h.getConnection());
          } catch (SQLException e) {
            throw StoreFailures.translate(new IllegalStateException(e));
          }
        });
  }

  /** Work on a JDBC connection. */
  @FunctionalInterface
  interface JdbcWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  void useHandle(Consumer<Handle> work) {
    withHandle(
        h -> {
          work.accept(h);
          return null;
        });
  }
}
