package dev.hookkeeper.app.sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.usecase.CatchUpNotifications;
import io.javalin.http.sse.SseClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every open event stream, by user. Thread-safe. */
public final class SseHub implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SseHub.class);

  private final ObjectMapper mapper = new ObjectMapper();
  private final ConcurrentHashMap<UserId, Set<LiveClient>> clients = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final ExecutorService writers;
  private volatile boolean closed;

  public SseHub(int writerThreads) {
    this(Executors.newFixedThreadPool(writerThreads, daemon("sse-writer-")));
  }

  /** On the given writers (tests hold them up to make a client fall behind). */
  SseHub(ExecutorService writers) {
    this.writers = writers;
  }

  /**
   * Registers a stream for {@code user}. With {@code lastEventId} it first sends every stored
   * notification after it, however many, then live ones, each once and in order; without it (or
   * with one beyond the user's newest) the stream starts after the newest.
   */
  void open(UserId user, Long lastEventId, SseClient sse, CatchUpNotifications catchUp) {
    LiveClient client = new LiveClient(user, sse, writers, this::toJson,
        (afterId, limit) -> catchUp.after(user, afterId, limit));
    sse.onClose(() -> remove(client));
    clients.computeIfAbsent(user, k -> ConcurrentHashMap.newKeySet()).add(client);
    count.incrementAndGet();
    // a stream whose response was already committed can register after close() swept the
    // clients; checking after adding means either the sweep or this check ends it
    if (closed) {
      client.close();
      return;
    }
    try {
      // read after registering: a notification committed after this read is published to it
      long latest = catchUp.latestId(user);
      long from = lastEventId == null ? latest : Math.min(lastEventId, latest);
      client.start(from, from < latest);
    } catch (RuntimeException e) {
      log.atWarn().addKeyValue("user", user.value()).log("cannot start the stream, closing it: {}", e.toString());
      client.close();
    }
  }

  /**
   * Sends to every open stream of the notification's user. Never blocks on a client; a client too
   * far behind reads the rest from the store.
   */
  public void publish(Notification notification) {
    Set<LiveClient> set = clients.get(notification.userId());
    if (set == null) return;
    for (LiveClient c : set) c.offer(new LiveClient.Item.Live(notification));
  }

  /**
   * A notification of {@code user} with this id was committed, possibly by another instance (heard
   * through the database): streams that have not sent it read it from the store.
   */
  public void nudge(UserId user, long id) {
    Set<LiveClient> set = clients.get(user);
    if (set == null) return;
    for (LiveClient c : set) c.offer(new LiveClient.Item.Nudge(id));
  }

  /** Every stream reads the store after its last id (what was committed while nothing told us). */
  public void nudgeAll() {
    clients.values().forEach(set -> set.forEach(c -> c.offer(new LiveClient.Item.Nudge(Long.MAX_VALUE))));
  }

  /** A comment on every stream: keeps proxies from timing out and finds dead connections. */
  public void heartbeat() {
    clients.values().forEach(set -> set.forEach(c -> {
      if (c.terminated() || !c.offer(new LiveClient.Item.Comment("heartbeat"))) c.close();
    }));
  }

  public int clientCount() {
    return count.get();
  }

  private void remove(LiveClient client) {
    Set<LiveClient> set = clients.get(client.user());
    if (set != null && set.remove(client)) {
      count.decrementAndGet();
      clients.computeIfPresent(client.user(), (k, v) -> v.isEmpty() ? null : v);
    }
  }

  String toJson(Notification n) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", n.id());
    json.put("type", n.type().wireName());
    json.put("created_at", n.createdAt().toString());
    json.put("data", n.data());
    try {
      return mapper.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("notification " + n.id() + " is not serialisable", e);
    }
  }

  /**
   * Ends every stream, telling each client to reconnect in {@link #RECONNECT_AFTER_MILLIS} (to
   * another instance, with its Last-Event-ID), and stops the writers.
   */
  @Override
  public void close() {
    closed = true;
    clients.values().forEach(set -> set.forEach(c -> {
      if (!c.offer(new LiveClient.Item.End(RECONNECT_AFTER_MILLIS))) c.close();
    }));
    writers.shutdown();
    try {
      writers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    clients.values().forEach(set -> set.forEach(LiveClient::close)); // whatever did not get its turn
  }

  /** How soon a client whose stream this server ends should reconnect. */
  static final long RECONNECT_AFTER_MILLIS = 1_000;

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
