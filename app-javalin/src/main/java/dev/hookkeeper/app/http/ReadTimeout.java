package dev.hookkeeper.app.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * The idle timeout of a request's connection, shortened while its body is read so that a blocked
 * read ends when the body's time budget does (Jetty then fails the read with a
 * {@link TimeoutException} cause), and restored afterwards for the rest of the exchange and for
 * keep-alive. {@link #NONE} when the request is not Jetty's (unit tests of the reading itself).
 */
final class ReadTimeout {
  static final ReadTimeout NONE = new ReadTimeout(null);

  private final EndPoint endPoint;
  private final long connectorTimeout;

  private ReadTimeout(EndPoint endPoint) {
    this.endPoint = endPoint;
    this.connectorTimeout = endPoint == null ? 0 : endPoint.getIdleTimeout();
  }

  static ReadTimeout of(HttpServletRequest req) {
    ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(req);
    if (jetty == null) return NONE;
    return new ReadTimeout(jetty.getConnectionMetaData().getConnection().getEndPoint());
  }

  /** The next read may block until {@code deadline} (a {@link System#nanoTime()} value), no longer. */
  void until(long deadline) {
    if (endPoint == null) return;
    long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    endPoint.setIdleTimeout(connectorTimeout > 0 ? Math.min(millis, connectorTimeout) : millis);
  }

  void restore() {
    if (endPoint != null) endPoint.setIdleTimeout(connectorTimeout);
  }

  /** Whether a read failed because the connection's idle timeout expired. */
  static boolean causedBy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) return true;
    }
    return false;
  }
}
