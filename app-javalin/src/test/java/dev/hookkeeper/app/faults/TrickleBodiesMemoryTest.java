package dev.hookkeeper.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.ChildServer;
import dev.hookkeeper.app.support.OneShotPost;
import dev.hookkeeper.app.support.OneShotPost.Exchange;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 10, item 1: unauthenticated memory exhaustion. The server runs as a child process with the
 * README's JVM options ({@code -Xmx384m -XX:+UseParallelGC}, production logging; the database is
 * the test JVM's PostgreSQL through {@code DATABASE_URL}, a separate process either way). 300
 * connections each declare a 25 MB body for the real hook, with its headers, then send one byte a
 * second; the body-read budget cuts each at 20 s ({@code 408}) and the test opens a new one at
 * once, so 300 are open for the whole 30 s window. Meanwhile authentic deliveries arrive every 100
 * ms from another client. The server's RSS ({@code VmRSS}) is read every 100 ms throughout.
 *
 * <p>Acceptance: the server stays up, its RSS stays at or under 512 MB, every authentic delivery is
 * answered 2xx, within 1 s (the count of those over 1 s is logged; the test tolerates 1 % of them
 * on a loaded build machine and none over 2 s).
 */
class TrickleBodiesMemoryTest {
  private static final Logger log = LoggerFactory.getLogger(TrickleBodiesMemoryTest.class);
  private static final int TRICKLERS = 300;
  private static final long DECLARED = 25L * 1024 * 1024;
  private static final Duration WINDOW = Duration.ofSeconds(30);
  private static final long RSS_LIMIT_KB = 512 * 1024;
  private static ChildServer rig;
  private static GitHubSimulator.SimulatedHook hook;
  private static InetSocketAddress address;

  @BeforeAll
  static void start() {
    rig =
        new ChildServer(
            "trickle-bodies",
            ServerProcess.README_OPTIONS,
            List.of(ServerProcess.PRODUCTION_LOGGING),
            Map.of());
    hook = rig.startConnected(Duration.ofSeconds(60));
    address = rig.server.address();
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @Test
  void three_hundred_trickling_25_mb_bodies_keep_rss_under_512_mb_and_authentic_deliveries_flowing()
      throws Exception {
    long pid = rig.server.pid();
    // a few authentic deliveries first: the JIT compiles the ingest path before the window is
    // measured
    for (int i = 0; i < 50; i++) assertThat(authentic("trickle-warm-" + i).ok()).isTrue();
    RssWatch rss = new RssWatch(pid);
    rss.start();
    Tricklers tricklers = new Tricklers();
    List<Exchange> answers = new ArrayList<>();
    long windowStart;
    long windowEnd;
    try {
      tricklers.open(TRICKLERS);
      windowStart = System.nanoTime();
      windowEnd = windowStart + WINDOW.toNanos();
      tricklers.start();
      for (int i = 0; System.nanoTime() < windowEnd; i++) {
        answers.add(authentic("trickle-ok-" + i));
        Thread.sleep(100);
      }
    } finally {
      tricklers.stop();
      rss.stop();
    }
    boolean alive = rig.server.handle().isAlive();
    int health = rig.http().get("/health", null).status();

    long over1s = answers.stream().filter(e -> e.duration().toMillis() > 1_000).count();
    long slowest = answers.stream().mapToLong(e -> e.duration().toMillis()).max().orElse(-1);
    List<Long> sorted = answers.stream().map(e -> e.duration().toMillis()).sorted().toList();
    long p99 =
        sorted.isEmpty()
            ? -1
            : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99)));
    log.info(
        "trickle bodies: tricklers={} min_open={} cut_408={} other_endings={} authentic={} non_2xx={}"
            + " over_1s={} p99_ms={} slowest_ms={} rss_start_mb={} rss_max_mb={} rss_end_mb={} samples={} alive={}",
        TRICKLERS,
        tricklers.minOpen.get(),
        tricklers.cut.get(),
        tricklers.otherEndings,
        answers.size(),
        answers.stream().filter(e -> !e.ok()).count(),
        over1s,
        p99,
        slowest,
        rss.firstKb / 1024,
        rss.maxKb.get() / 1024,
        rss.lastKb / 1024,
        rss.samples.get(),
        alive);

    assertThat(alive).as("the server stays up").isTrue();
    assertThat(health).isEqualTo(200);
    assertThat(rss.samples.get()).as("RSS samples").isGreaterThan(100);
    assertThat(rss.maxKb.get()).as("server RSS, kB, throughout").isLessThanOrEqualTo(RSS_LIMIT_KB);
    assertThat(tricklers.failures).as("trickle connections that could not be opened").isEmpty();
    assertThat(tricklers.minOpen.get())
        .as("trickling connections open at once, all through the window")
        .isEqualTo(TRICKLERS);
    assertThat(tricklers.cut.get())
        .as("slow bodies cut off by the read budget with 408")
        .isGreaterThanOrEqualTo(TRICKLERS);
    assertThat(answers)
        .hasSizeGreaterThan(150)
        .allSatisfy(
            e -> {
              assertThat(e.status()).as(e.toString()).isEqualTo(202);
              assertThat(e.duration()).as(e.toString()).isLessThan(Duration.ofSeconds(2));
            });
    assertThat(over1s)
        .as("authentic deliveries answered after more than 1 s")
        .isLessThanOrEqualTo(answers.size() / 100);
  }

  @Test
  void an_unknown_hook_or_a_missing_header_is_answered_without_waiting_for_the_declared_body()
      throws Exception {
    String[] unknownHook = {
      "Content-Type",
      "application/json",
      "X-GitHub-Event",
      "workflow_run",
      "X-GitHub-Delivery",
      "unknown-hook-1",
      "X-GitHub-Hook-ID",
      "999999999",
      "X-Hub-Signature-256",
      "sha256=00"
    };
    String[] missingEvent = {
      "Content-Type",
      "application/json",
      "X-GitHub-Delivery",
      "missing-header-1",
      "X-GitHub-Hook-ID",
      Long.toString(hook.id()),
      "X-Hub-Signature-256",
      "sha256=00"
    };
    for (String[] headers : List.of(unknownHook, missingEvent)) {
      try (Socket socket = new Socket()) {
        socket.connect(address, 5_000);
        socket.setSoTimeout(
            15_000); // the body budget is 20 s: an answer before it was not waiting for the body
        long start = System.nanoTime();
        socket.getOutputStream().write(head(headers));
        socket.getOutputStream().flush();
        String answer = readAnswer(socket.getInputStream());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        log.info(
            "declared 25 MB, sent none: {} answered in {} ms",
            answer.lines().findFirst().orElse(""),
            millis);
        int expected = headers == unknownHook ? 401 : 400;
        assertThat(answer).as("answered with no body byte sent").startsWith("HTTP/1.1 " + expected);
        assertThat(answer).containsIgnoringCase("connection: close");
        assertThat(millis).as("answered at once, not after a body read").isLessThan(5_000);
      }
    }
  }

  private static Exchange authentic(String guid) {
    byte[] body =
        Payloads.githubRun(
            Math.abs(guid.hashCode()) + 10_000_000L, "success", Instant.now().minusSeconds(60));
    return OneShotPost.send(
        address,
        "/api/v2/webhooks/github",
        body,
        Duration.ofSeconds(10),
        "Content-Type",
        "application/json",
        "X-GitHub-Event",
        "workflow_run",
        "X-GitHub-Delivery",
        guid,
        "X-GitHub-Hook-ID",
        Long.toString(hook.id()),
        "X-Hub-Signature-256",
        Payloads.githubSignature(hook.secret(), body));
  }

  private static byte[] head(String[] headers) {
    StringBuilder head =
        new StringBuilder(
            "POST /api/v2/webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: "
                + DECLARED
                + "\r\n");
    for (int i = 0; i < headers.length; i += 2)
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder got = new StringBuilder();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        int split = got.indexOf("\r\n\r\n");
        if (split > 0 && got.substring(split + 4).trim().endsWith("}")) break;
      }
    } catch (java.net.SocketException e) {
      // a reset after the answer: what arrived counts
    }
    return got.toString();
  }

  /**
   * The slow senders, all on one thread: once a second each open connection gets one more byte of
   * its body; one the server answered (the 408 at the read budget) or closed is replaced at once.
   */
  private static final class Tricklers {
    private final List<Socket> open = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this::run, "tricklers");
    final AtomicLong cut = new AtomicLong();
    final AtomicLong minOpen = new AtomicLong(Long.MAX_VALUE);
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> otherEndings = new ConcurrentLinkedQueue<>();
    private int opened;

    void open(int n) {
      for (int i = 0; i < n; i++) open.add(connect());
    }

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
      for (Socket s : open) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }

    private Socket connect() {
      String guid = "trickle-slow-" + (opened++);
      String[] headers = {
        "Content-Type",
        "application/json",
        "X-GitHub-Event",
        "workflow_run",
        "X-GitHub-Delivery",
        guid,
        "X-GitHub-Hook-ID",
        Long.toString(hook.id()),
        "X-Hub-Signature-256",
        "sha256=" + "0".repeat(64)
      };
      Socket socket = new Socket();
      try {
        socket.connect(address, 5_000);
        socket.getOutputStream().write(head(headers));
        socket.getOutputStream().write('{');
        socket.getOutputStream().flush();
      } catch (IOException e) {
        failures.add(guid + ": " + e);
      }
      return socket;
    }

    private void run() {
      long next = System.nanoTime();
      while (running.get()) {
        long live = 0;
        for (int i = 0; i < open.size(); i++) {
          Socket s = open.get(i);
          if (!alive(s)) {
            open.set(i, connect());
            s = open.get(i);
          }
          if (!trickle(s)) {
            // answered and closed since the check: counted if it was a 408, replaced now
            alive(s);
            open.set(i, connect());
            if (!trickle(open.get(i))) continue;
          }
          live++;
        }
        minOpen.accumulateAndGet(live, Math::min);
        next += TimeUnit.SECONDS.toNanos(1);
        long wait = next - System.nanoTime();
        if (wait > 0) {
          try {
            TimeUnit.NANOSECONDS.sleep(wait);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }

    /** One byte of JSON whitespace; false when the connection is gone. */
    private static boolean trickle(Socket s) {
      try {
        OutputStream out = s.getOutputStream();
        out.write(' ');
        out.flush();
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    /**
     * False once the server answered (and the answer is read and counted) or the connection broke.
     */
    private boolean alive(Socket s) {
      if (s.isClosed() || !s.isConnected()) return false;
      try {
        InputStream in = s.getInputStream();
        if (in.available() == 0) return true;
        s.setSoTimeout(2_000);
        String answer = readAnswer(in);
        if (answer.startsWith("HTTP/1.1 408")) {
          cut.incrementAndGet();
        } else {
          otherEndings.add(answer.lines().findFirst().orElse("(closed)"));
        }
      } catch (IOException e) {
        otherEndings.add(e.toString());
      }
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
      return false;
    }
  }

  /** Reads the server's VmRSS every 100 ms. */
  private static final class RssWatch {
    private final Path status;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this::run, "rss-watch");
    final AtomicLong maxKb = new AtomicLong();
    final AtomicLong samples = new AtomicLong();
    volatile long firstKb = -1;
    volatile long lastKb;

    RssWatch(long pid) {
      this.status = Path.of("/proc", Long.toString(pid), "status");
    }

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(5_000);
    }

    private void run() {
      while (running.get()) {
        try {
          for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
              long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
              if (firstKb < 0) firstKb = kb;
              lastKb = kb;
              maxKb.accumulateAndGet(kb, Math::max);
              samples.incrementAndGet();
            }
          }
          Thread.sleep(100);
        } catch (IOException e) {
          return; // the process is gone: the test's "alive" check says so
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
