package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.ProcessingStatus;
import java.time.Instant;

/** Told of every delivery the processors settle or put back for a retry (metrics, logs). */
@FunctionalInterface
public interface ProcessingListener {
  ProcessingListener NONE = (delivery, status, error, at) -> {};

  /**
   * @param status {@link ProcessingStatus#RECEIVED} when the delivery stays in the inbox for a retry
   * @param error why it failed or is retried; {@code null} otherwise
   * @param at when its outcome was committed
   */
  void settled(Delivery delivery, ProcessingStatus status, String error, Instant at);
}
