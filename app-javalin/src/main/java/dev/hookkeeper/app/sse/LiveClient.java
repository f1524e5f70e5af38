package dev.hookkeeper.app.sse;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.UserId;
import io.javalin.http.sse.SseClient;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One open event stream. Writes happen on the hub's executor, one at a time per client, so a
 * slow client never blocks the ingest thread that published; a client that falls too far behind
 * is closed and catches up from the durable notifications when it reconnects.
 */
final class LiveClient {
  static final int MAX_QUEUED = 1000;

  private final UserId user;
  private final SseClient sse;
  private final Executor executor;
  private final Function<Notification, String> toJson;
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private boolean draining;
  private boolean paused;
  /**
   * Live events at or below this id were already sent by the replay (or seen by the client).
   * Only the draining thread touches it after construction.
   */
  private long replayWatermark;

  LiveClient(UserId user, SseClient sse, Executor executor, Function<Notification, String> toJson,
      long replayWatermark, boolean paused) {
    this.user = user;
    this.sse = sse;
    this.executor = executor;
    this.toJson = toJson;
    this.replayWatermark = replayWatermark;
    this.paused = paused;
  }

  UserId user() {
    return user;
  }

  boolean terminated() {
    return sse.terminated();
  }

  /** Queues a live notification or a heartbeat comment; false when the client overflowed. */
  boolean offer(Item item) {
    synchronized (this) {
      if (queue.size() >= MAX_QUEUED) return false;
      queue.add(item);
      if (draining || paused) return true;
      draining = true;
    }
    executor.execute(this::drain);
    return true;
  }

  /** Sends the replayed notifications first, then whatever arrived live meanwhile. */
  void resume(List<Notification> replay) {
    synchronized (this) {
      for (int i = replay.size() - 1; i >= 0; i--) queue.addFirst(new Item.Replayed(replay.get(i)));
      paused = false;
      if (draining || queue.isEmpty()) return;
      draining = true;
    }
    executor.execute(this::drain);
  }

  void close() {
    sse.close();
  }

  private void drain() {
    while (true) {
      Item item;
      synchronized (this) {
        item = queue.poll();
        if (item == null || sse.terminated()) {
          draining = false;
          return;
        }
      }
      send(item);
    }
  }

  private void send(Item item) {
    if (item instanceof Item.Replayed r) {
      write(r.notification());
      replayWatermark = Math.max(replayWatermark, r.notification().id());
    } else if (item instanceof Item.Live l) {
      // already sent by the replay, or before the client's Last-Event-ID
      if (l.notification().id() <= replayWatermark) return;
      write(l.notification());
    } else if (item instanceof Item.Comment c) {
      sse.sendComment(c.text());
    } else {
      throw new AssertionError(item);
    }
  }

  private void write(Notification n) {
    sse.sendEvent(n.type().wireName(), toJson.apply(n), Long.toString(n.id()));
  }

  /** What the queue holds. */
  sealed interface Item {
    record Live(Notification notification) implements Item {}

    record Replayed(Notification notification) implements Item {}

    record Comment(String text) implements Item {}
  }
}
