package dev.hookkeeper.core.port;

import java.util.function.Supplier;

/**
 * Runs work atomically: every store call made inside {@code work} on the calling thread commits
 * together or not at all. Returning normally means the work is durably committed. An exception
 * rolls everything back and propagates.
 */
@FunctionalInterface
public interface TransactionRunner {
  <T> T inTransaction(Supplier<T> work);
}
