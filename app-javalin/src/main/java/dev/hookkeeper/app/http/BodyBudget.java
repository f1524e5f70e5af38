package dev.hookkeeper.app.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all webhook bodies still being read may hold together. A body takes its share as its
 * buffer grows (never the size it merely declares), so a crowd of slow senders that declare 25 MB
 * and send a byte a second hold next to nothing; a crowd that really sends big bodies at once is
 * refused (503) once the bytes in flight reach the budget, instead of exhausting the heap.
 */
final class BodyBudget {
  private final long maxBytes;
  private final AtomicLong held = new AtomicLong();

  BodyBudget(long maxBytes) {
    if (maxBytes < 1) throw new IllegalArgumentException("'maxBytes' must be positive");
    this.maxBytes = maxBytes;
  }

  /** Takes {@code bytes} more if they fit; false (and nothing taken) if not. */
  boolean reserve(long bytes) {
    while (true) {
      long now = held.get();
      if (now + bytes > maxBytes) return false;
      if (held.compareAndSet(now, now + bytes)) return true;
    }
  }

  void release(long bytes) {
    held.addAndGet(-bytes);
  }

  long held() {
    return held.get();
  }

  long max() {
    return maxBytes;
  }
}
