package dev.hookkeeper.app.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Failure-to-notification latency: a user holds an event stream open; at a fixed rate a probe
 * delivers a new failing run (the real 22 kB payload, run id and branch made unique, conclusion
 * failure, signed) and the time to the arrival of its {@code incident.opened} event on the stream
 * is recorded twice: from the start of its POST, and from its acknowledgement (the 202 received;
 * the effects are applied after it, so this is the processing lag a user sees; an event that came
 * before the answer counts 0). Run it beside {@link OpenLoopLoad} for background load. Reads the
 * target from {@link BenchTarget}'s properties file.
 *
 * <pre>
 * FailureToSseLatency /tmp/hookkeeper-bench.properties payload.json [seconds] [probes-per-second]
 * </pre>
 */
public final class FailureToSseLatency {
  private static final byte[] RUN_ID = ascii("\"id\": 289782451,");
  private static final byte[] SUCCESS = ascii("\"conclusion\": \"success\"");
  private static final byte[] BRANCH = ascii("\"head_branch\": \"master\"");
  private static final Duration GIVE_UP = Duration.ofSeconds(10);

  private FailureToSseLatency() {}

  public static void main(String[] args) throws Exception {
    Properties target = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      target.load(in);
    }
    byte[] fixture = Files.readAllBytes(Path.of(args[1]));
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int perSecond = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    URI ingest = URI.create(target.getProperty("url"));
    URI events = ingest.resolve("/api/v2/events");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Map<String, Long> pending = new ConcurrentHashMap<>();
    Map<String, Long> arrived = new ConcurrentHashMap<>();
    Map<String, Long> acked = new ConcurrentHashMap<>();
    Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    Histogram afterAck = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    AtomicLong unrelated = new AtomicLong();
    HttpResponse<Stream<String>> stream =
        http.send(
            HttpRequest.newBuilder(events)
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + target.getProperty("token"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    if (stream.statusCode() != 200)
      throw new IllegalStateException("event stream answered " + stream.statusCode());
    Thread reader =
        new Thread(() -> read(stream, pending, arrived, latency, unrelated), "sse-reader");
    reader.setDaemon(true);
    reader.start();

    long periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
    long total = (long) seconds * perSecond;
    if (total > 9_999) throw new IllegalArgumentException("at most 9 999 probes per run");
    // nine-digit run ids (the body keeps its size), fresh for every run of the benchmark
    long firstRunId = 700_000_000L + (System.currentTimeMillis() / 1000 % 9_000) * 10_000;
    long start = System.nanoTime();
    long failedPosts = 0;
    for (long n = 0; n < total; n++) {
      long wait = start + n * periodNanos - System.nanoTime();
      if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
      long runId = firstRunId + n;
      String branch =
          String.format("%6s", Long.toString(runId % 2_176_782_336L, 36)).replace(' ', '0');
      byte[] body = failingRunOnOwnBranch(fixture, runId, branch);
      HttpRequest post =
          HttpRequest.newBuilder(ingest)
              .header("Content-Type", "application/json")
              .header("X-GitHub-Event", "workflow_run")
              .header("X-GitHub-Delivery", "sse-probe-" + runId)
              .header("X-GitHub-Hook-ID", target.getProperty("hook_id"))
              .header(
                  "X-Hub-Signature-256",
                  "sha256=" + SignedDelivery.hmac(target.getProperty("secret"), body))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      pending.put(branch, System.nanoTime());
      int status = http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status / 100 != 2) {
        pending.remove(branch);
        failedPosts++;
      } else {
        acked.put(branch, System.nanoTime());
      }
    }
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) TimeUnit.MILLISECONDS.sleep(20);
    acked.forEach(
        (branch, at) -> {
          Long eventAt = arrived.get(branch);
          if (eventAt != null) afterAck.recordValue(Math.max(0, eventAt - at));
        });
    System.out.printf(
        "probes %d (%d/s for %d s): notified %d, never notified %d, POST failed %d%n",
        total, perSecond, seconds, latency.getTotalCount(), pending.size(), failedPosts);
    System.out.printf(
        "failure -> incident.opened on the stream, ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
        latency.getValueAtPercentile(50) / 1e6,
        latency.getValueAtPercentile(90) / 1e6,
        latency.getValueAtPercentile(99) / 1e6,
        latency.getMaxValue() / 1e6);
    System.out.printf(
        "ack (202 received) -> incident.opened, ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f"
            + "  (%d of %d events came before the answer)%n",
        afterAck.getValueAtPercentile(50) / 1e6,
        afterAck.getValueAtPercentile(90) / 1e6,
        afterAck.getValueAtPercentile(99) / 1e6,
        afterAck.getMaxValue() / 1e6,
        afterAck.getCountAtValue(0),
        afterAck.getTotalCount());
    stream.body().close();
    if (!pending.isEmpty() || failedPosts > 0) System.exit(1);
  }

  /** Matches each incident.opened event to its probe by the probe's unique branch. */
  private static void read(
      HttpResponse<Stream<String>> stream,
      Map<String, Long> pending,
      Map<String, Long> arrived,
      Histogram latency,
      AtomicLong unrelated) {
    String event = null;
    try (Stream<String> lines = stream.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:") && "incident.opened".equals(event)) {
          long now = System.nanoTime();
          String branch = field(line, "branch");
          Long sent = branch == null ? null : pending.remove(branch);
          if (sent == null) {
            unrelated.incrementAndGet();
          } else {
            latency.recordValue(now - sent);
            arrived.put(branch, now);
          }
        } else if (line.isEmpty()) {
          event = null;
        }
      }
    } catch (RuntimeException e) {
      // the stream ended: the main thread reports what is still pending
    }
  }

  /** The string value of a top-level field in a flat JSON object (enough for the event's data). */
  private static String field(String dataLine, String name) {
    String key = "\"" + name + "\":\"";
    int at = dataLine.indexOf(key);
    if (at < 0) return null;
    int from = at + key.length();
    int to = dataLine.indexOf('"', from);
    return to < 0 ? null : dataLine.substring(from, to);
  }

  private static byte[] failingRunOnOwnBranch(byte[] fixture, long runId, String branch) {
    byte[] body = fixture.clone();
    replace(body, RUN_ID, ascii("\"id\": " + runId + ","));
    replace(body, SUCCESS, ascii("\"conclusion\": \"failure\""));
    replace(body, BRANCH, ascii("\"head_branch\": \"" + branch + "\""));
    return body;
  }

  private static void replace(byte[] body, byte[] what, byte[] with) {
    if (what.length != with.length)
      throw new IllegalArgumentException("replacement must keep the body's size");
    outer:
    for (int i = 0; i <= body.length - what.length; i++) {
      for (int j = 0; j < what.length; j++) if (body[i + j] != what[j]) continue outer;
      System.arraycopy(with, 0, body, i, with.length);
      return;
    }
    throw new IllegalArgumentException(
        "payload changed: " + new String(what, StandardCharsets.US_ASCII) + " not found");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
