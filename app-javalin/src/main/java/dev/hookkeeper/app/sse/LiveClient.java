package dev.hookkeeper.app.sse;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.UserId;
import io.javalin.http.sse.SseClient;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open event stream. The store is the source of truth and live notifications are a shortcut:
 * a user's ids are consecutive, so a live notification whose id is the one after the last sent is
 * sent as it is, and any other (a backlog after {@code Last-Event-ID}, ids published out of commit
 * order, live notifications dropped because the client fell behind) makes the client read the
 * store after its last sent id, page by page, to the end. Every id after the starting point is
 * sent once, in order. Writes happen on the hub's executor, one at a time per client, so a slow
 * client never blocks the ingest thread that published.
 */
final class LiveClient {
  /** Live notifications held for a client; past this they are dropped and read from the store. */
  static final int MAX_QUEUED = 1000;
  /** Notifications read from the store per query while catching up. */
  static final int PAGE = 500;
  /** Event sent, without an id, when notifications the client never got are past retention. */
  static final String EXPIRED_EVENT = "notifications.expired";

  private static final Logger log = LoggerFactory.getLogger(LiveClient.class);

  private final UserId user;
  private final SseClient sse;
  private final Executor executor;
  private final Function<Notification, String> toJson;
  private final Backlog backlog;
  private final ArrayDeque<Item> queue = new ArrayDeque<>(); // guarded by this
  private boolean draining; // guarded by this
  private boolean started; // guarded by this: items wait until the starting point is known
  private boolean behind; // guarded by this: the store holds notifications the queue does not
  /** The id of the last notification sent (or the starting point). Only the draining thread. */
  private long lastSent;

  LiveClient(UserId user, SseClient sse, Executor executor, Function<Notification, String> toJson, Backlog backlog) {
    this.user = user;
    this.sse = sse;
    this.executor = executor;
    this.toJson = toJson;
    this.backlog = backlog;
  }

  UserId user() {
    return user;
  }

  boolean terminated() {
    return sse.terminated();
  }

  /**
   * Starts sending after {@code lastSeenId}; {@code catchUp} when the store holds newer ones. Live
   * notifications offered before this were held.
   */
  void start(long lastSeenId, boolean catchUp) {
    synchronized (this) {
      lastSent = lastSeenId;
      behind |= catchUp;
      started = true;
      if (!claimDrain()) return;
    }
    executor.execute(this::drain);
  }

  /**
   * Queues a live notification or a heartbeat comment. A live notification never overflows: the
   * queued ones are dropped and read back from the store. False when a comment finds the queue
   * full, i.e. the client has not taken a thousand heartbeats.
   */
  boolean offer(Item item) {
    synchronized (this) {
      if (queue.size() >= MAX_QUEUED) {
        if (!(item instanceof Item.Live) && !(item instanceof Item.Nudge)) return false;
        queue.removeIf(queued -> queued instanceof Item.Live || queued instanceof Item.Nudge);
        behind = true;
      } else {
        queue.add(item);
      }
      if (!claimDrain()) return true;
    }
    executor.execute(this::drain);
    return true;
  }

  void close() {
    sse.close();
  }

  /** Under the lock: true when the caller must schedule a drain. */
  private boolean claimDrain() {
    if (!started || draining || (queue.isEmpty() && !behind)) return false;
    draining = true;
    return true;
  }

  private void drain() {
    try {
      while (true) {
        Item item = null;
        boolean catchUp;
        synchronized (this) {
          if (sse.terminated()) {
            queue.clear();
            draining = false;
            return;
          }
          catchUp = behind;
          behind = false;
          if (!catchUp) {
            item = queue.poll();
            if (item == null) {
              draining = false;
              return;
            }
          }
        }
        if (catchUp) {
          catchUp();
        } else {
          send(item);
        }
      }
    } catch (RuntimeException e) {
      // the store failed: the client reconnects with the last id it got and resumes from there
      log.atWarn().addKeyValue("user", user.value()).log("event stream failed, closing it: {}", e.toString());
      synchronized (this) {
        draining = false;
      }
      close();
    }
  }

  private void send(Item item) {
    if (item instanceof Item.Live l) {
      Notification n = l.notification();
      if (n.id() <= lastSent) return; // already read from the store
      if (n.id() != lastSent + 1) catchUp(); // the ones between are committed: the store has them
      if (n.id() <= lastSent) return;
      write(n);
    } else if (item instanceof Item.Nudge nudge) {
      if (nudge.id() > lastSent) catchUp(); // committed elsewhere: the store has it
    } else if (item instanceof Item.Comment c) {
      sse.sendComment(c.text());
    } else if (item instanceof Item.End end) {
      retryIn(end.retryMillis());
      close();
    } else {
      throw new AssertionError(item);
    }
  }

  /** Sends what the store holds after the last sent id, to its end. */
  private void catchUp() {
    while (!sse.terminated()) {
      List<Notification> page = backlog.after(lastSent, PAGE);
      for (Notification n : page) write(n);
      if (page.size() < PAGE) return;
    }
  }

  private void write(Notification n) {
    if (n.id() > lastSent + 1) expired(lastSent, n.id());
    sse.sendEvent(n.type().wireName(), toJson.apply(n), Long.toString(n.id()));
    lastSent = n.id();
  }

  /**
   * The SSE {@code retry} field: how long the client waits before it reconnects (to another
   * instance, behind a load balancer). Javalin's client writes events and comments only, so this
   * one line goes to the response directly, from the one thread that writes to this client.
   */
  private void retryIn(long millis) {
    try {
      var out = sse.ctx().res().getOutputStream();
      out.write(("retry: " + millis + "\n\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
    } catch (java.io.IOException | RuntimeException e) {
      // the client is gone already: nothing to tell it
    }
  }

  /**
   * Ids between were deleted by retention. Sent without an id, so the client's Last-Event-ID
   * stays where it was; the client reloads what it shows from the REST API.
   */
  private void expired(long afterId, long nextId) {
    sse.sendEvent(EXPIRED_EVENT, "{\"after_id\":" + afterId + ",\"next_id\":" + nextId + "}");
  }

  /** The user's stored notifications after an id, oldest first. */
  @FunctionalInterface
  interface Backlog {
    List<Notification> after(long afterId, int limit);
  }

  /** What the queue holds. */
  sealed interface Item {
    record Live(Notification notification) implements Item {}

    record Comment(String text) implements Item {}

    /** A notification with this id was committed (possibly by another instance): the store has it. */
    record Nudge(long id) implements Item {}

    /** The server is going away: tell the client when to reconnect, then end the stream. */
    record End(long retryMillis) implements Item {}
  }
}
