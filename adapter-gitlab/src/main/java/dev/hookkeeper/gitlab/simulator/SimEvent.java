package dev.hookkeeper.gitlab.simulator;

import java.time.Instant;
import java.util.Map;

/** One delivery attempt as the simulator's hook events API lists it. Immutable. */
record SimEvent(
    long id,
    String eventHeader,
    String idempotencyKey,
    Map<String, String> requestHeaders,
    byte[] body,
    int status,
    String responseBody,
    double durationSeconds,
    Instant at) {

  boolean success() {
    return status >= 200 && status < 300;
  }
}
