package dev.hookkeeper.app.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a webhook body without holding a thread while it arrives (servlet non-blocking reads: a
 * thread runs only when bytes are there) and without holding much memory it has not received: the
 * buffer starts small (the declared length up to 64 kB, else 16 kB) and doubles as bytes come, each
 * step paid from the {@link BodyBudget}. Fails with {@link TooLarge} past the limit, {@link
 * TooSlow} past the time budget, {@link OverBudget} when the shared budget is spent. Call from
 * inside an async request (Javalin's {@code ctx.future}).
 */
final class AsyncBody {
  private static final int FIRST_BUFFER = 16 * 1024;

  /**
   * A declared length up to this gets its whole buffer at once: a typical delivery (about 22 kB) is
   * read into one array, with no copy as it grows and none at the end.
   */
  private static final int WHOLE_BUFFER_UP_TO = 64 * 1024;

  private final ServletInputStream in;

  /** The most the buffer may hold: the declared length when there is one, else the limit. */
  private final int limit;

  private final BodyBudget budget;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final AtomicBoolean settled = new AtomicBoolean();
  private byte[] buffer =
      new byte[0]; // guarded by the servlet container's one-callback-at-a-time rule
  private int size;
  private long reserved; // guarded by this
  private boolean released; // guarded by this
  private ScheduledFuture<?> deadline;

  private AsyncBody(ServletInputStream in, int limit, BodyBudget budget) {
    this.in = in;
    this.limit = limit;
    this.budget = budget;
  }

  /**
   * Starts reading; {@link #result()} completes with the body or the failure. {@link #release()}
   * once the body is no longer needed.
   *
   * @param declared the {@code Content-Length}, or -1 (chunked)
   */
  static AsyncBody start(
      HttpServletRequest req,
      long declared,
      int limit,
      long budgetNanos,
      BodyBudget budget,
      ScheduledExecutorService timer)
      throws IOException {
    if (declared > limit) throw new TooLarge();
    AsyncBody body =
        new AsyncBody(req.getInputStream(), declared >= 0 ? (int) declared : limit, budget);
    if (!body.grow(body.limit <= WHOLE_BUFFER_UP_TO ? body.limit : FIRST_BUFFER))
      throw new OverBudget();
    body.deadline =
        timer.schedule(() -> body.fail(new TooSlow()), budgetNanos, TimeUnit.NANOSECONDS);
    body.in.setReadListener(body.listener());
    return body;
  }

  CompletableFuture<byte[]> result() {
    return result;
  }

  private ReadListener listener() {
    return new ReadListener() {
      @Override
      public void onDataAvailable() throws IOException {
        try {
          readWhatIsThere();
        } catch (IOException | RuntimeException e) {
          fail(e instanceof IOException io ? io : new IOException(e));
        }
      }

      private void readWhatIsThere() throws IOException {
        while (!settled.get() && in.isReady()) {
          if (size == buffer.length) {
            if (size >= limit) {
              // at the limit: one more byte means too large (the end of the body is fine)
              if (in.read() < 0) return;
              fail(new TooLarge());
              return;
            }
            if (!grow((int) Math.min((long) limit, Math.max(FIRST_BUFFER, (long) size * 2)))) {
              fail(new OverBudget());
              return;
            }
          }
          int n = in.read(buffer, size, buffer.length - size);
          if (n < 0) return; // onAllDataRead follows
          size += n;
        }
      }

      @Override
      public void onAllDataRead() {
        succeed();
      }

      @Override
      public void onError(Throwable t) {
        fail(t instanceof IOException io ? io : new IOException(t));
      }
    };
  }

  /** Enlarges the buffer to {@code capacity}, paying the difference from the budget. */
  private synchronized boolean grow(int capacity) {
    long more = capacity - buffer.length;
    if (more <= 0) return true;
    if (released || !budget.reserve(more)) return false;
    reserved += more;
    buffer = Arrays.copyOf(buffer, capacity);
    return true;
  }

  /** Gives back what the body held from the budget; once, however often called. */
  synchronized void release() {
    if (released) return;
    released = true;
    budget.release(reserved);
  }

  private void succeed() {
    if (!settled.compareAndSet(false, true)) return;
    cancelDeadline();
    byte[] body = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    result.complete(body);
  }

  private void fail(IOException e) {
    if (!settled.compareAndSet(false, true)) return;
    cancelDeadline();
    release();
    result.completeExceptionally(e);
  }

  private void cancelDeadline() {
    if (deadline != null) deadline.cancel(false);
  }

  /** The body passed the limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("request body too large", null);
    }
  }

  /** The body did not arrive within its time budget. */
  static final class TooSlow extends IOException {
    private static final long serialVersionUID = 1L;

    TooSlow() {
      super("request body too slow", null);
    }
  }

  /** Bodies being read already hold the whole budget. */
  static final class OverBudget extends IOException {
    private static final long serialVersionUID = 1L;

    OverBudget() {
      super("too many request bodies in flight", null);
    }
  }
}
