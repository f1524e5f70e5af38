package dev.hookkeeper.github;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Secret;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * GitHub asks integrators to send mutating requests serially and at least a second apart, per
 * token, to stay clear of the secondary rate limits. One gate per token (keyed by its SHA-256, so
 * the map never holds a token) serialises mutations and spaces them.
 */
final class TokenGates {
  private final ConcurrentMap<String, Gate> gates = new ConcurrentHashMap<>();
  private final long spacingNanos;

  TokenGates(Duration spacing) {
    this.spacingNanos = spacing.toNanos();
  }

  /** Runs {@code work} alone for this token, after the spacing since the previous mutation. */
  <T> T exclusively(Secret token, MutatingWork<T> work) throws GitHubCallException {
    Gate gate = gates.computeIfAbsent(Sha256.hex(token.reveal()), k -> new Gate());
    gate.lock.lock();
    try {
      long wait = gate.lastEndNanos == 0 ? 0 : spacingNanos - (System.nanoTime() - gate.lastEndNanos);
      if (wait > 0) GitHubTransport.sleepNanos(wait);
      try {
        return work.run();
      } finally {
        gate.lastEndNanos = System.nanoTime();
      }
    } finally {
      gate.lock.unlock();
    }
  }

  @FunctionalInterface
  interface MutatingWork<T> {
    T run() throws GitHubCallException;
  }

  private static final class Gate {
    final ReentrantLock lock = new ReentrantLock(true);
    long lastEndNanos;
  }
}
