package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.RepositoryHook;
import java.util.Objects;

/**
 * A claimed delivery ready for its effects: its hook as stored now, and what it means.
 *
 * @param decoded {@code null} when the body could not be decoded; then {@code failure} says why
 * @param failure {@code null} unless {@code decoded} is
 */
record ProcessingUnit(Delivery delivery, RepositoryHook hook, DecodedEvent decoded, String failure) {
  ProcessingUnit {
    Objects.requireNonNull(delivery, "delivery == null");
    Objects.requireNonNull(hook, "hook == null");
    if ((decoded == null) == (failure == null)) {
      throw new IllegalArgumentException("exactly one of 'decoded' and 'failure' must be set");
    }
  }

  String action() {
    return decoded == null ? null : decoded.action();
  }
}
