package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.HookCleanup;
import java.time.Instant;
import java.util.List;

/** Durable queue of provider hooks still to delete after a disconnect. */
public interface HookCleanupQueue {

  void enqueue(HookCleanup cleanup);

  /** Up to {@code limit} cleanups whose next attempt is due at {@code now}, oldest due first. */
  List<HookCleanup> due(Instant now, int limit);

  void complete(String cleanupId);

  void reschedule(String cleanupId, int attempts, Instant nextAttemptAt, String lastError);
}
