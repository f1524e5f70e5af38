package dev.hookkeeper.app.http;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed webhook authentications per source address in fixed windows. Only failures are
 * counted and only failures are answered with 429: an authentic delivery from the same address
 * (GitHub's senders are shared by every repository) is always verified and processed.
 */
public final class AuthFailureThrottle {
  /** Bounds memory under a spray from many addresses; older windows are dropped first. */
  private static final int MAX_TRACKED_ADDRESSES = 100_000;

  private final int maxFailuresPerWindow;
  private final Duration window;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  public AuthFailureThrottle(int maxFailuresPerWindow, Duration window, InstantSource clock) {
    if (maxFailuresPerWindow < 1) throw new IllegalArgumentException("'maxFailuresPerWindow' must be at least 1");
    this.maxFailuresPerWindow = maxFailuresPerWindow;
    this.window = window;
    this.clock = clock;
  }

  /**
   * Records one failed authentication from {@code address}; returns how many seconds the
   * address should wait, or 0 while it is still within its allowance.
   */
  long recordFailure(String address) {
    Instant now = clock.instant();
    if (windows.size() >= MAX_TRACKED_ADDRESSES) prune();
    Window w = windows.compute(address, (k, old) ->
        old == null || !now.isBefore(old.end) ? new Window(now.plus(window), 1) : old.incremented());
    if (w.failures <= maxFailuresPerWindow) return 0;
    return Math.max(1, Duration.between(now, w.end).toSeconds());
  }

  /** Drops windows that have ended; called periodically and when the map is full. */
  public void prune() {
    Instant now = clock.instant();
    windows.values().removeIf(w -> !now.isBefore(w.end));
    if (windows.size() >= MAX_TRACKED_ADDRESSES) windows.clear();
  }

  int trackedAddresses() {
    return windows.size();
  }

  private record Window(Instant end, int failures) {
    Window incremented() {
      return new Window(end, failures == Integer.MAX_VALUE ? failures : failures + 1);
    }
  }
}
