package dev.hookkeeper.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A live event stream client that behaves like a browser's {@code EventSource}: when the stream
 * ends (the server was killed, restarted, closed it) it reconnects after a short wait, sending the
 * id of the last event it received as {@code Last-Event-ID}, for as long as it is open. Every event
 * received, over every connection, is kept in order for the test to check.
 */
public final class ResumingEventSource implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration RETRY = Duration.ofMillis(100);

  /** One event as received; {@code connection} counts the streams opened, from 1. */
  public record Event(long id, String type, String data, int connection) {
    public JsonNode json() {
      try {
        return MAPPER.readTree(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final String url;
  private final String bearer;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<String> refusals = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread reader;
  private volatile long lastEventId;
  private volatile Stream<String> current;
  private volatile boolean closed;

  /**
   * Opens the stream (in the background; it keeps trying until a server answers).
   *
   * @param lastEventId sent on the first connection too ({@code 0}: everything the user has)
   */
  public ResumingEventSource(String url, String bearer, long lastEventId) {
    this.url = url;
    this.bearer = bearer;
    this.lastEventId = lastEventId;
    this.reader = new Thread(this::run, "resuming-event-source");
    reader.setDaemon(true);
    reader.start();
  }

  /** Every event received so far, in the order received. */
  public List<Event> events() {
    return List.copyOf(events);
  }

  public int received() {
    return events.size();
  }

  /** Streams that were answered 200 so far. */
  public int connections() {
    return connections.get();
  }

  /**
   * Answers other than 200 (status and body), which a resuming client must never get from a healthy
   * server.
   */
  public List<String> refusals() {
    return List.copyOf(refusals);
  }

  private void run() {
    while (!closed) {
      try {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + bearer)
                .header("Last-Event-ID", Long.toString(lastEventId))
                .GET()
                .build();
        HttpResponse<Stream<String>> response =
            client.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
          try (Stream<String> body = response.body()) {
            refusals.add(response.statusCode() + " " + String.join("", body.toList()));
          }
        } else {
          read(response.body(), connections.incrementAndGet());
        }
      } catch (IOException | RuntimeException e) {
        // no server (killed, restarting) or the stream broke: try again, as EventSource does
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(RETRY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void read(Stream<String> lines, int connection) {
    current = lines;
    if (closed) lines.close();
    String id = null;
    String type = null;
    StringBuilder data = new StringBuilder();
    try (lines) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (id != null && type != null) {
            long n = Long.parseLong(id);
            events.add(new Event(n, type, data.toString(), connection));
            lastEventId = n;
          }
          id = null;
          type = null;
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          type = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).trim());
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Stream<String> s = current;
    if (s != null) s.close();
    reader.interrupt();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
