package dev.hookkeeper.app.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;

/**
 * Reads a request body without ever holding more than a limit: a declared {@code Content-Length}
 * above it is refused before a byte is read, and a chunked body is cut off as soon as it passes
 * it. A body with a declared length is read into one exactly-sized array (no copying).
 */
final class BoundedBody {
  private static final int CHUNK = 16 * 1024;

  private BoundedBody() {}

  /** The declared length is above {@code limit}: refuse without reading. */
  static boolean declaredTooLarge(HttpServletRequest req, long limit) {
    return req.getContentLengthLong() > limit;
  }

  /** No time limit beyond the connector's idle timeout per read. */
  static byte[] read(HttpServletRequest req, int limit) throws IOException {
    return read(req, limit, Duration.ofDays(1));
  }

  /**
   * As {@link #read(HttpServletRequest, int)}, and gives up once reading took longer than
   * {@code budget}, with a {@link TooSlow}: a body dripped a byte at a time, or one that stops
   * arriving, must not hold a thread past it. The connector's idle timeout only bounds the gap
   * between two reads (30 s), so while the body is read the connection's idle timeout is kept at
   * what is left of the budget.
   */
  static byte[] read(HttpServletRequest req, int limit, Duration budget) throws IOException {
    long declared = req.getContentLengthLong();
    if (declared > limit) throw new TooLarge();
    ReadTimeout timeout = ReadTimeout.of(req);
    try (InputStream in = req.getInputStream()) {
      return read(declared, in, limit, budget, timeout);
    } catch (IOException e) {
      if (e instanceof TooSlow || e instanceof TooLarge || !ReadTimeout.causedBy(e)) throw e;
      throw new TooSlow();
    } finally {
      timeout.restore();
    }
  }

  /** @param declared the {@code Content-Length}, or -1 when the body is chunked */
  static byte[] read(long declared, InputStream in, int limit, Duration budget) throws IOException {
    return read(declared, in, limit, budget, ReadTimeout.NONE);
  }

  private static byte[] read(long declared, InputStream in, int limit, Duration budget, ReadTimeout timeout)
      throws IOException {
    if (declared > limit) throw new TooLarge();
    long deadline = System.nanoTime() + budget.toNanos();
    timeout.until(deadline);
    return declared >= 0 ? readExactly(in, (int) declared, deadline, timeout)
        : readChunked(in, limit, deadline, timeout);
  }

  private static byte[] readExactly(InputStream in, int length, long deadline, ReadTimeout timeout)
      throws IOException {
    byte[] body = new byte[length];
    int off = 0;
    while (off < length) {
      int n = in.read(body, off, length - off);
      if (n < 0) throw new IOException("body ended after " + off + " of " + length + " bytes");
      off += n;
      checkDeadline(deadline, timeout);
    }
    return body;
  }

  private static void checkDeadline(long deadline, ReadTimeout timeout) throws TooSlow {
    if (System.nanoTime() - deadline > 0) throw new TooSlow();
    timeout.until(deadline);
  }

  private static byte[] readChunked(InputStream in, int limit, long deadline, ReadTimeout timeout)
      throws IOException {
    byte[] buf = new byte[Math.min(CHUNK, limit)];
    int size = 0;
    while (true) {
      if (size == buf.length) {
        if (size >= limit) {
          if (in.read() < 0) return buf;
          throw new TooLarge();
        }
        buf = Arrays.copyOf(buf, (int) Math.min((long) limit, (long) size * 2));
      }
      int n = in.read(buf, size, buf.length - size);
      if (n < 0) return size == buf.length ? buf : Arrays.copyOf(buf, size);
      size += n;
      checkDeadline(deadline, timeout);
    }
  }

  /** Reading the body took longer than its budget. */
  static final class TooSlow extends IOException {
    private static final long serialVersionUID = 1L;

    TooSlow() {
      super("request body too slow", null);
    }
  }

  /** The body passed the limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("request body too large", null);
    }
  }
}
