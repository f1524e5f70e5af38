package dev.hookkeeper.github.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A repository hook of the simulated GitHub, with the secret GitHub holds. Guarded by the {@link SimState} lock. */
final class SimHook {
  final long id;
  final long repoId;
  String url;
  List<String> events;
  boolean active;
  String contentType;
  String insecureSsl;
  /** {@code null} when the hook has no secret (GitHub then sends no signature headers). */
  String secret;
  final Instant createdAt;
  Instant updatedAt;
  /** {@code last_response}; GitHub's value on a new hook (provider-facts 4.7). */
  Integer lastCode;
  String lastStatus = "unused";
  String lastMessage;
  /** Every attempt, oldest first; what is older than the retention is no longer shown. */
  final List<SimDelivery> deliveries = new ArrayList<>();

  SimHook(long id, long repoId, Instant createdAt) {
    this.id = id;
    this.repoId = repoId;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  boolean subscribes(String event) {
    return event.equals("ping") || events.contains(event) || events.contains("*");
  }

  GitHubSimulator.SimulatedHook view(String repoFullName) {
    return new GitHubSimulator.SimulatedHook(id, repoFullName, url, List.copyOf(events), active, contentType, insecureSsl, secret);
  }

  static String normaliseContentType(String contentType) {
    return contentType == null ? "form" : contentType.toLowerCase(java.util.Locale.ROOT);
  }
}
