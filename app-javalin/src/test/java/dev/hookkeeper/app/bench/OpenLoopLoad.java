package dev.hookkeeper.app.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load generator: requests are scheduled at a fixed arrival rate and spread
 * round-robin over a fixed set of keep-alive connections; latency is measured from the moment a
 * request was due, not from when a free connection sent it, so a slow server shows up as latency
 * (no coordinated omission, unlike wrk). Every request is a signed real delivery with a unique id.
 *
 * <p>All connections are established before the clock starts. With {@code --warmup N} the same rate
 * runs for N seconds first, over the same connections, and is left out of the figures (the
 * per-second lines on stderr show it, marked).
 *
 * <pre>
 * OpenLoopLoad --url http://127.0.0.1:8080/api/v2/webhooks/github --rate 2000 --seconds 60
 *     --connections 1000 --payload completed.json --secret S --hook-id 42 [--event workflow_run] [--warmup 10]
 *     [--workload same|failing]   (failing: each request a new failed run on its own branch, see SignedDelivery)
 * </pre>
 */
public final class OpenLoopLoad {
  private static final PrintStream OUT = System.out;

  private OpenLoopLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    URI url = URI.create(opts.getOrDefault("url", "http://127.0.0.1:8080/api/v2/webhooks/github"));
    int rate = Integer.parseInt(opts.getOrDefault("rate", "2000"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
    int connections = Integer.parseInt(opts.getOrDefault("connections", "1000"));
    byte[] payload = Files.readAllBytes(Path.of(require(opts, "payload")));
    SignedDelivery delivery =
        new SignedDelivery(
            url.getHost() + ":" + url.getPort(),
            url.getPath(),
            require(opts, "hook-id"),
            opts.getOrDefault("event", "workflow_run"),
            payload,
            require(opts, "secret"),
            opts.getOrDefault("workload", "same"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "0"));
    Result result =
        run(
            new InetSocketAddress(url.getHost(), url.getPort()),
            delivery,
            rate,
            Duration.ofSeconds(warmup),
            Duration.ofSeconds(seconds),
            connections);
    result.print(OUT, rate, seconds, connections);
    if (result.errors() > 0 || result.non2xx() > 0) System.exit(1);
  }

  /**
   * Runs the load and returns what happened in {@code duration} after {@code warmup}. Bounded:
   * stops at {@code warmup + duration} plus 10 s of drain.
   */
  static Result run(
      InetSocketAddress address,
      SignedDelivery delivery,
      int rate,
      Duration warmup,
      Duration duration,
      int connections)
      throws InterruptedException {
    Recorder latencies = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
    // a second recorder read every second: a tail is only explained once you see *when* it happens
    Recorder lastSecond = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
    AtomicLong sent = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    List<BlockingQueue<Long>> queues = new ArrayList<>(connections);
    CountDownLatch connected = new CountDownLatch(connections);
    CountDownLatch done = new CountDownLatch(connections);
    long warmupRequests = (long) rate * warmup.toSeconds();
    long total = warmupRequests + (long) rate * duration.toSeconds();
    long[] measuredFrom = {Long.MAX_VALUE};
    for (int i = 0; i < connections; i++) {
      BlockingQueue<Long> queue =
          new ArrayBlockingQueue<>(Math.max(16, (int) (total / connections) + 16));
      queues.add(queue);
      Thread t =
          new Thread(
              () ->
                  work(
                      address,
                      delivery,
                      queue,
                      latencies,
                      lastSecond,
                      errors,
                      statuses,
                      connected,
                      done,
                      measuredFrom),
              "load-" + i);
      t.setDaemon(true);
      t.start();
    }
    if (!connected.await(60, TimeUnit.SECONDS))
      throw new IllegalStateException("connections not established in 60 s");
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    measuredFrom[0] = start + warmupRequests * periodNanos;
    Thread reporter =
        new Thread(() -> reportEverySecond(lastSecond, start, warmup.toSeconds()), "load-reporter");
    reporter.setDaemon(true);
    reporter.start();
    for (long n = 0; n < total; n++) {
      long due = start + n * periodNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) LockSupport.parkNanos(wait);
      queues.get((int) (n % connections)).add(due);
      if (n >= warmupRequests) sent.incrementAndGet();
    }
    for (BlockingQueue<Long> q : queues) q.add(-1L);
    boolean drained = done.await(10, TimeUnit.SECONDS);
    reporter.interrupt();
    long elapsed = System.nanoTime() - measuredFrom[0];
    return new Result(
        sent.get(),
        errors.get(),
        new TreeMap<>(statuses),
        latencies.getIntervalHistogram(),
        elapsed,
        drained);
  }

  /** One line per second to stderr: completions and latency of that second. */
  private static void reportEverySecond(Recorder lastSecond, long start, long warmupSeconds) {
    org.HdrHistogram.Histogram interval = null;
    try {
      while (true) {
        Thread.sleep(1000);
        interval = lastSecond.getIntervalHistogram(interval);
        long second = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        System.err.printf(
            "t=%3ds %s%s completed %5d  p50 %7.2f  p99 %7.2f  max %7.2f ms%n",
            second,
            java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0),
            second <= warmupSeconds ? " (warm-up)" : "",
            interval.getTotalCount(),
            interval.getValueAtPercentile(50) / 1e6,
            interval.getValueAtPercentile(99) / 1e6,
            interval.getMaxValue() / 1e6);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void work(
      InetSocketAddress address,
      SignedDelivery delivery,
      BlockingQueue<Long> queue,
      Recorder latencies,
      Recorder lastSecond,
      AtomicLong errors,
      Map<Integer, AtomicLong> statuses,
      CountDownLatch connected,
      CountDownLatch done,
      long[] measuredFrom) {
    try (LoadConnection connection = new LoadConnection(address, 30_000)) {
      try {
        connection.connect();
      } catch (IOException e) {
        errors.incrementAndGet();
      } finally {
        connected.countDown();
      }
      while (true) {
        long due = queue.take();
        if (due < 0) return;
        boolean measured = due >= measuredFrom[0];
        try {
          int status = connection.exchange(delivery.request());
          if (measured) statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        } catch (IOException e) {
          if (measured) errors.incrementAndGet();
        }
        long latency = Math.max(0, System.nanoTime() - due);
        lastSecond.recordValue(latency);
        if (measured) latencies.recordValue(latency);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      done.countDown();
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--"))
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      opts.put(args[i].substring(2), args[i + 1]);
    }
    return opts;
  }

  private static String require(Map<String, String> opts, String name) {
    String v = opts.get(name);
    if (v == null) throw new IllegalArgumentException("--" + name + " is required");
    return v;
  }

  /** What one run measured. */
  record Result(
      long sent,
      long errors,
      Map<Integer, AtomicLong> statuses,
      org.HdrHistogram.Histogram latency,
      long elapsedNanos,
      boolean drained) {

    long non2xx() {
      return statuses.entrySet().stream()
          .filter(e -> e.getKey() / 100 != 2)
          .mapToLong(e -> e.getValue().get())
          .sum();
    }

    void print(PrintStream out, int rate, int seconds, int connections) {
      out.printf(
          "offered %d/s for %d s over %d connections: sent %d, completed %d, errors %d, drained %s%n",
          rate, seconds, connections, sent, latency.getTotalCount(), errors, drained);
      out.printf(
          "achieved %.0f/s; statuses %s%n",
          latency.getTotalCount() / (elapsedNanos / 1e9), statuses);
      out.printf(
          "latency ms (from scheduled send): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
          ms(latency.getValueAtPercentile(50)),
          ms(latency.getValueAtPercentile(90)),
          ms(latency.getValueAtPercentile(99)),
          ms(latency.getValueAtPercentile(99.9)),
          ms(latency.getMaxValue()));
    }

    private static double ms(long nanos) {
      return nanos / 1e6;
    }
  }
}
