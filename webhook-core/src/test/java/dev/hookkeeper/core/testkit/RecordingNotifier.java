package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.port.Notifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records what was published, OkHttp-recorder style: {@link #takeNext()} consumes in order and
 * {@link #assertExhausted()} (call it in {@code @AfterEach}) fails on anything left unconsumed.
 * Thread-safe.
 */
public final class RecordingNotifier implements Notifier {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final LinkedBlockingQueue<Notification> unconsumed = new LinkedBlockingQueue<>();
  private final List<Notification> all = new ArrayList<>();

  @Override
  public void publish(Notification notification) {
    synchronized (all) {
      all.add(notification);
    }
    unconsumed.add(notification);
  }

  /** The next unconsumed notification, waiting briefly for one published from another thread. */
  public Notification takeNext() {
    try {
      Notification next = unconsumed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (next == null) throw new AssertionError("no notification was published within " + WAIT);
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a notification", e);
    }
  }

  /** Every notification ever published, in order, consumed or not. */
  public List<Notification> all() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  /** Consumes and returns everything not yet taken. */
  public List<Notification> drain() {
    List<Notification> rest = new ArrayList<>();
    unconsumed.drainTo(rest);
    return rest;
  }

  public void assertExhausted() {
    List<Notification> rest = new ArrayList<>(unconsumed);
    if (!rest.isEmpty()) throw new AssertionError("unconsumed notifications: " + rest);
  }
}
