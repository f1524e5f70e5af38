package dev.hookkeeper.app;

import dev.hookkeeper.app.sse.SseHub;
import dev.hookkeeper.core.ingest.IngestDelivery;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.persistence.PostgresChangeFeed;
import java.util.List;

/**
 * What this instance does with what any instance on the database commits (heard through
 * {@link PostgresChangeFeed}): a changed or deleted hook leaves the ingest cache at once, so a
 * rotated secret or a removed hook is seen everywhere within the feed's delay, not the cache's;
 * a stored notification reaches this instance's streams of its user, whichever instance stored it.
 */
final class ClusterFeed implements PostgresChangeFeed.Listener {
  private final SseHub hub;

  ClusterFeed(SseHub hub) {
    this.hub = hub;
  }

  static final String HOOKS = "hookkeeper_hooks";
  static final String NOTIFICATIONS = "hookkeeper_notifications";
  static final List<String> CHANNELS = List.of(HOOKS, NOTIFICATIONS);

  private volatile IngestDelivery ingest;

  void ingest(IngestDelivery ingestDelivery) {
    this.ingest = ingestDelivery;
  }

  @Override
  public void notified(String channel, String payload) {
    if (channel.equals(NOTIFICATIONS)) {
      int colon = payload.lastIndexOf(':');
      if (colon <= 0) return;
      try {
        hub.nudge(new UserId(payload.substring(0, colon)), Long.parseLong(payload.substring(colon + 1)));
      } catch (IllegalArgumentException e) {
        // not ours: the channel is only written by our trigger
      }
      return;
    }
    IngestDelivery i = ingest;
    if (channel.equals(HOOKS) && i != null && !payload.isBlank()) i.forgetHook(new HookId(payload));
  }

  @Override
  public void resynced() {
    // changes made while the feed was away were not heard: start the cache over, and let every
    // stream read what it may have missed
    IngestDelivery i = ingest;
    if (i != null) i.forgetAllHooks();
    hub.nudgeAll();
  }
}
