package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.RepositoryHook;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An authentic delivery waiting for its transaction, and the caller's answer once committed.
 *
 * @param decoded {@code null} when the body could not be decoded; then {@code failure} says why
 *     and the delivery is stored as FAILED
 * @param failure {@code null} unless {@code decoded} is
 */
record IngestUnit(
    Delivery delivery,
    RepositoryHook hook,
    DecodedEvent decoded,
    String failure,
    long startedNanos,
    CompletableFuture<IngestResult> result) {

  IngestUnit {
    Objects.requireNonNull(delivery, "delivery == null");
    Objects.requireNonNull(hook, "hook == null");
    Objects.requireNonNull(result, "result == null");
    if ((decoded == null) == (failure == null)) {
      throw new IllegalArgumentException("exactly one of 'decoded' and 'failure' must be set");
    }
  }

  static IngestUnit decoded(Delivery delivery, RepositoryHook hook, DecodedEvent decoded, long startedNanos) {
    return new IngestUnit(delivery, hook, decoded, null, startedNanos, new CompletableFuture<>());
  }

  static IngestUnit undecodable(Delivery delivery, RepositoryHook hook, String failure, long startedNanos) {
    return new IngestUnit(delivery, hook, null, failure, startedNanos, new CompletableFuture<>());
  }
}
