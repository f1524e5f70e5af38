package dev.hookkeeper.app.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A user's live event stream, read on a thread of its own, recording when each event id arrived
 * (this JVM's {@code System.nanoTime()}, comparable across streams) and, for run events, the run
 * id.
 */
final class TimedEventStream implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** When an event arrived, its type and, where the event names one, its run. */
  record Arrival(long nanos, String type, Long runId) {}

  private final HttpResponse<Stream<String>> response;
  private final Map<Long, Arrival> arrivals = new ConcurrentHashMap<>();
  private final AtomicLong repeats = new AtomicLong();

  private TimedEventStream(HttpResponse<Stream<String>> response) {
    this.response = response;
    Thread reader = new Thread(this::read, "timed-event-stream");
    reader.setDaemon(true);
    reader.start();
  }

  static TimedEventStream open(String baseUrl, String token) throws Exception {
    HttpResponse<Stream<String>> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/events"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200)
      throw new IllegalStateException("event stream answered " + response.statusCode());
    return new TimedEventStream(response);
  }

  Map<Long, Arrival> arrivals() {
    return arrivals;
  }

  int size() {
    return arrivals.size();
  }

  /** Events whose id had been seen before on this stream. */
  long repeats() {
    return repeats.get();
  }

  private void read() {
    Long id = null;
    String type = null;
    try (Stream<String> lines = response.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("id:")) {
          id = Long.parseLong(line.substring(3).trim());
        } else if (line.startsWith("event:")) {
          type = line.substring(6).trim();
        } else if (line.startsWith("data:") && id != null) {
          Arrival arrival = new Arrival(System.nanoTime(), type, number(line, "run_id"));
          if (arrivals.putIfAbsent(id, arrival) != null) repeats.incrementAndGet();
        } else if (line.isEmpty()) {
          id = null;
          type = null;
        }
      }
    } catch (RuntimeException e) {
      // the stream ended: the benchmark reports what arrived
    }
  }

  /** A numeric field of the event's data, wherever it is nested (enough for {@code run_id}). */
  private static Long number(String dataLine, String name) {
    String key = "\"" + name + "\":";
    int at = dataLine.indexOf(key);
    if (at < 0) return null;
    int from = at + key.length();
    int to = from;
    while (to < dataLine.length() && Character.isDigit(dataLine.charAt(to))) to++;
    return to == from ? null : Long.parseLong(dataLine.substring(from, to));
  }

  @Override
  public void close() {
    response.body().close();
  }
}
