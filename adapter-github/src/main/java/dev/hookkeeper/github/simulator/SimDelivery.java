package dev.hookkeeper.github.simulator;

import java.time.Instant;
import java.util.Map;

/**
 * One delivery attempt as GitHub's delivery log keeps it: what was sent (headers with signatures,
 * the JSON) and what came back. Immutable.
 *
 * @param statusCode the receiver's status; 502 when it could not be reached (OpenAPI's example
 *     pairs {@code "failed to connect"} with 502)
 * @param status {@code OK}, {@code Invalid HTTP Response: <code>}, {@code failed to connect}, {@code timed out}
 */
record SimDelivery(
    long id, String guid, long hookId, long repoId, String event, String action, boolean redelivery, String url,
    Map<String, String> requestHeaders, byte[] payload, Instant deliveredAt, int statusCode, String status,
    double durationSeconds, String responseBody) {

  boolean ok() {
    return "OK".equals(status);
  }

  /** GitHub's {@code status} filter: 200–399 is success, 400–599 failure (provider-facts 1.3). */
  boolean countsAsFailure() {
    return statusCode >= 400;
  }

  GitHubSimulator.SimulatedDelivery view() {
    return new GitHubSimulator.SimulatedDelivery(id, guid, hookId, event, action, redelivery, statusCode, status, deliveredAt);
  }
}
