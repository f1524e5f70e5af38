package dev.hookkeeper.core.model;

import java.util.Locale;

/** How a delivery entered the inbox; {@link #wireName()} is the API's {@code source}. */
public enum DeliverySource {
  /**
   * Sent by the provider to the ingest endpoint (live, or redelivered on the reconciler's request).
   */
  WEBHOOK,
  /**
   * Made by the reconciler from the provider's runs API for a run whose deliveries are lost for
   * good (beyond the provider's delivery log, or never attempted): processed exactly like the run's
   * webhook, so incidents match reality.
   */
  CATCH_UP;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
