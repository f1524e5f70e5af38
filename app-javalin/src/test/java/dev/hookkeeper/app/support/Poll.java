package dev.hookkeeper.app.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for an asynchronous effect (a ping, a live event) with a deadline. */
public final class Poll {
  private Poll() {}

  public static void until(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + timeout);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
