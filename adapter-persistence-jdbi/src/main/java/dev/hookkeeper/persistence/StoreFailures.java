package dev.hookkeeper.persistence;

import dev.hookkeeper.core.port.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Turns JDBI/JDBC failures into what the core understands. A database that cannot be reached, is
 * restarting, timed out or aborted the transaction to break a deadlock is {@link
 * StoreUnavailableException} (transient: the caller may answer 503 and the provider redelivers).
 * Anything else is a bug or a schema mismatch and surfaces as {@link IllegalStateException}, so no
 * JDBI type crosses a port.
 */
final class StoreFailures {

  /** SQLSTATEs that mean "not now", not "never": shutdown, cannot connect, cancelled, deadlock. */
  private static final Set<String> TRANSIENT_STATES =
      Set.of("57P01", "57P02", "57P03", "57014", "40001", "40P01", "55P03", "25P03");

  private StoreFailures() {}

  static RuntimeException translate(RuntimeException e) {
    if (e instanceof StoreUnavailableException) return e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return new StoreUnavailableException("database unavailable: no connection in time", e);
      }
      if (t instanceof SQLException sql && isTransient(sql.getSQLState())) {
        return new StoreUnavailableException("database unavailable (SQLSTATE " + sql.getSQLState() + ")", e);
      }
    }
    return new IllegalStateException("database operation failed: " + firstSqlState(e), e);
  }

  static boolean isTransient(String sqlState) {
    if (sqlState == null) return false;
    // class 08: connection exception; class 53: insufficient resources (e.g. too many connections)
    return sqlState.startsWith("08") || sqlState.startsWith("53") || TRANSIENT_STATES.contains(sqlState);
  }

  private static String firstSqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) return "SQLSTATE " + sql.getSQLState();
    }
    return e.getClass().getSimpleName();
  }
}
