package dev.hookkeeper.gitlab.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A project hook inside {@link GitLabSimulator}, with GitLab's auto-disable rule (17.11+): 4
 * consecutive failures disable it temporarily (1 min, doubling up to 24 h, then it is tried
 * again), 40 disable it for good; a 2xx (e.g. from a test request) re-enables it. Guarded by the
 * simulator's state lock.
 */
final class SimHook {
  static final int TEMPORARY_AFTER = 4;
  static final int PERMANENT_AFTER = 40;
  static final Duration INITIAL_BACKOFF = Duration.ofMinutes(1);
  static final Duration MAX_BACKOFF = Duration.ofHours(24);

  final long id;
  final long projectId;
  final Instant createdAt;
  String url;
  String token;
  String signingToken;
  boolean sslVerification = true;
  final Map<String, Boolean> flags = new LinkedHashMap<>();
  int consecutiveFailures;
  int backoffCount;
  boolean permanentlyDisabled;
  Instant disabledUntil;
  final List<SimEvent> events = new ArrayList<>();

  SimHook(long id, long projectId, Instant createdAt) {
    this.id = id;
    this.projectId = projectId;
    this.createdAt = createdAt;
    for (String flag : SimEventNames.FLAGS) flags.put(flag, false);
    flags.put("push_events", true); // GitLab's default when the flag is not sent
  }

  boolean subscribed(String flag) {
    return flags.getOrDefault(flag, false);
  }

  boolean executable(Instant now) {
    return !permanentlyDisabled && (disabledUntil == null || !now.isBefore(disabledUntil));
  }

  String alertStatus(Instant now) {
    if (permanentlyDisabled) return "disabled";
    return executable(now) ? "executable" : "temporarily_disabled";
  }

  void recordOutcome(boolean success, Instant now) {
    if (success) {
      consecutiveFailures = 0;
      backoffCount = 0;
      permanentlyDisabled = false;
      disabledUntil = null;
      return;
    }
    consecutiveFailures++;
    if (consecutiveFailures >= PERMANENT_AFTER) {
      permanentlyDisabled = true;
      disabledUntil = null;
    } else if (consecutiveFailures >= TEMPORARY_AFTER) {
      backoffCount++;
      Duration backoff = INITIAL_BACKOFF.multipliedBy(1L << Math.min(backoffCount - 1, 20));
      disabledUntil = now.plus(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
    }
  }
}
