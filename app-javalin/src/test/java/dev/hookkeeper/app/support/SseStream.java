package dev.hookkeeper.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A live Server-Sent Events client: parses events into a queue the test takes from. */
public final class SseStream implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpResponse<Stream<String>> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<String> rawLines = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Thread reader;

  private SseStream(HttpResponse<Stream<String>> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-test-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens the stream; returns once the response headers arrived (the server flushes them at once). */
  public static SseStream open(String url, String bearer, String lastEventId) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
    if (bearer != null) b.header("Authorization", "Bearer " + bearer);
    if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
    try {
      return new SseStream(Http.client().sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines())
          .get(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException("cannot open " + url, e);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private void read() {
    String id = null;
    String event = null;
    StringBuilder data = new StringBuilder();
    try (Stream<String> lines = response.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        rawLines.add(line);
        if (line.isEmpty()) {
          if (event != null || data.length() > 0) events.add(new Event(id, event, data.toString()));
          id = null;
          event = null;
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).trim());
        }
      }
    } catch (RuntimeException e) {
      // the stream was closed by the test or the server
    }
  }

  /** The next event, or an AssertionError after {@code timeout}. */
  public Event next(Duration timeout) {
    try {
      Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (e == null) throw new AssertionError("no event within " + timeout + "; lines so far: " + rawLines);
      return e;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError(ex);
    }
  }

  /** The next event, or null when none arrives within {@code timeout}. */
  public Event poll(Duration timeout) {
    try {
      return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next event of {@code type}, skipping others. */
  public Event nextOfType(String type, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new AssertionError("no " + type + " event within " + timeout + "; lines: " + rawLines);
      Event e = next(Duration.ofNanos(left));
      if (type.equals(e.event())) return e;
    }
  }

  public List<Event> drain() {
    List<Event> out = new ArrayList<>();
    events.drainTo(out);
    return out;
  }

  /** True when the server ended the stream within {@code timeout}. */
  public boolean endsWithin(Duration timeout) {
    try {
      reader.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !reader.isAlive();
  }

  public List<String> rawLines() {
    return List.copyOf(rawLines);
  }

  @Override
  public void close() {
    reader.interrupt();
    try {
      response.body().close();
    } catch (RuntimeException e) {
      // already closed
    }
  }

  public record Event(String id, String event, String data) {
    public JsonNode json() {
      try {
        return MAPPER.readTree(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
