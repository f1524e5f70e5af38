package dev.hookkeeper.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.app.support.OneShotPost;
import dev.hookkeeper.app.support.OneShotPost.Exchange;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fifty connections at once that send a signed delivery's headers and then its body one byte every
 * 300 ms, or half of it and then nothing (connection kept open). The server must end each of them
 * with a 4xx JSON answer or a close, never a 5xx: a body not fully received within the body-read
 * budget ({@code IngestRoutes.BODY_READ_BUDGET}, 20 s) is answered 408 {@code request_timeout},
 * whether it drips or stalls. Meanwhile authentic deliveries keep being answered promptly and are
 * stored. The test lasts as long as that budget (about 21 s): it cannot observe it any sooner.
 */
class SlowDripTest {
  private static final Logger log = LoggerFactory.getLogger(SlowDripTest.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int DRIPPERS = 25;
  private static final int STALLERS = 25;
  private static final int AUTHENTIC = 120;
  /** The 20 s budget, plus a margin for a slow shared build machine. */
  private static final Duration BOUND = Duration.ofSeconds(20 + 5);
  private static TestApp app;
  private static GitHubSimulator.SimulatedHook hook;
  private static InetSocketAddress address;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    app.connectActive(app.gitHubUser("alice", TestApp.ALICE_GH), TestApp.GH_REPO, "github");
    hook = app.github.hooks(TestApp.GH_REPO).get(0);
    URI uri = URI.create(app.url());
    address = new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void fifty_slow_bodies_are_cut_off_with_a_4xx_or_a_close_and_do_not_starve_authentic_deliveries()
      throws Exception {
    ConcurrentLinkedQueue<Slow> slow = new ConcurrentLinkedQueue<>();
    List<Thread> slowThreads = new ArrayList<>();
    for (int i = 0; i < DRIPPERS + STALLERS; i++) {
      boolean drip = i < DRIPPERS;
      int n = i;
      Thread t = new Thread(() -> slow.add(slowDelivery(n, drip)), (drip ? "dripper-" : "staller-") + i);
      t.setDaemon(true);
      slowThreads.add(t);
      t.start();
    }
    // authentic deliveries while all fifty are held open: one every 100 ms, a fixed count (not a
    // fixed time) so that a slow machine sends as many as a fast one
    Thread.sleep(500);
    List<Exchange> authentic = new ArrayList<>();
    List<String> guids = new ArrayList<>();
    for (long runId = 7_000_000; runId < 7_000_000 + AUTHENTIC; runId++) {
      byte[] body = Payloads.githubRun(runId, "success", Instant.now().minusSeconds(60));
      String guid = "drip-ok-" + runId;
      guids.add(guid);
      authentic.add(OneShotPost.send(address, "/api/v2/webhooks/github", body, Duration.ofSeconds(10),
          headers(guid, body)));
      Thread.sleep(100);
    }
    for (Thread t : slowThreads) t.join(BOUND.toMillis() + 10_000);

    List<Slow> drips = slow.stream().filter(Slow::drip).toList();
    List<Slow> stalls = slow.stream().filter(s -> !s.drip()).toList();
    long slowestAuthentic = authentic.stream().mapToLong(e -> e.duration().toMillis()).max().orElse(-1);
    log.info("slow drip: drippers={} answered {} in {}..{} ms; stallers={} answered {} in {}..{} ms;"
            + " authentic={} slowest_ms={}", drips.size(), statuses(drips), minMillis(drips), maxMillis(drips),
        stalls.size(), statuses(stalls), minMillis(stalls), maxMillis(stalls), authentic.size(), slowestAuthentic);

    // each one cut off within the budget (not held until some later timeout), with the JSON 408
    assertThat(slow).hasSize(DRIPPERS + STALLERS).allSatisfy(s -> {
      assertThat(s.error()).as(s.toString()).isNull();
      assertThat(s.took()).as(s.toString()).isLessThan(BOUND);
      assertThat(s.status()).as(s.toString()).isEqualTo(408);
      assertThat(MAPPER.readTree(s.body()).get("error").asText()).as(s.toString()).isEqualTo("request_timeout");
    });

    assertThat(authentic).hasSize(AUTHENTIC).allSatisfy(e -> {
      assertThat(e.status()).as(e.toString()).isEqualTo(202);
      assertThat(e.duration()).as(e.toString()).isLessThan(Duration.ofSeconds(2));
    });
    assertThat(stored()).as("authentic deliveries stored").containsAll(guids);
    assertThat(app.http.get("/health", null).status()).isEqualTo(200);
  }

  /** Headers, then the body slowly (drip) or half of it and then silence (stall); reads the answer. */
  private static Slow slowDelivery(int n, boolean drip) {
    byte[] body = Payloads.githubRun(8_000_000L + n, "success", Instant.now().minusSeconds(60));
    String guid = "drip-slow-" + n;
    StringBuilder head = new StringBuilder("POST /api/v2/webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Length: " + body.length + "\r\n");
    String[] h = headers(guid, body);
    for (int i = 0; i < h.length; i += 2) head.append(h[i]).append(": ").append(h[i + 1]).append("\r\n");
    head.append("\r\n");
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(address, 5_000);
      socket.setSoTimeout((int) BOUND.toMillis() + 5_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      if (drip) {
        Thread writer = new Thread(() -> dripBody(out, body), "drip-writer-" + n);
        writer.setDaemon(true);
        writer.start();
      } else {
        out.write(body, 0, body.length / 2);
        out.flush();
      }
      String response = readAnswer(in);
      long took = System.nanoTime() - start;
      if (response.isEmpty()) return new Slow(guid, drip, 0, "", took, null);
      int split = response.indexOf("\r\n\r\n");
      return new Slow(guid, drip, Integer.parseInt(response.substring(9, 12)),
          split < 0 ? "" : response.substring(split + 4), took, null);
    } catch (IOException | RuntimeException e) {
      return new Slow(guid, drip, -1, "", System.nanoTime() - start, e.toString());
    }
  }

  /** One byte every 300 ms until the server stops reading (the connection breaks). */
  private static void dripBody(OutputStream out, byte[] body) {
    try {
      for (byte b : body) {
        out.write(b);
        out.flush();
        Thread.sleep(300);
      }
    } catch (IOException e) {
      // the server answered and closed: expected
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The whole answer up to the close; empty when the server closed without one. */
  private static String readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        got.write(buf, 0, n);
        String s = got.toString(StandardCharsets.UTF_8);
        int split = s.indexOf("\r\n\r\n");
        if (split > 0 && s.substring(split + 4).trim().endsWith("}")) break;
      }
    } catch (java.net.SocketException e) {
      // a reset after (or instead of) the answer: what arrived is what counts
    }
    return got.toString(StandardCharsets.UTF_8);
  }

  private static String[] headers(String guid, byte[] body) {
    return new String[] {"Content-Type", "application/json", "X-GitHub-Event", "workflow_run",
        "X-GitHub-Delivery", guid, "X-GitHub-Hook-ID", Long.toString(hook.id()),
        "X-Hub-Signature-256", Payloads.githubSignature(hook.secret(), body)};
  }

  private static Set<String> stored() throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection(app.databaseUrl); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT delivery_id FROM deliveries"
            + " WHERE signature_valid AND status = 'processed' AND delivery_id LIKE 'drip-ok-%'")) {
      while (rs.next()) ids.add(rs.getString(1));
    }
    return ids;
  }

  private static String statuses(List<Slow> list) {
    return list.stream().map(s -> Integer.toString(s.status())).distinct().sorted().toList().toString();
  }

  private static long minMillis(List<Slow> list) {
    return list.stream().mapToLong(s -> s.took().toMillis()).min().orElse(-1);
  }

  private static long maxMillis(List<Slow> list) {
    return list.stream().mapToLong(s -> s.took().toMillis()).max().orElse(-1);
  }

  /** @param status the answer's status, 0 when closed without one, -1 on a client error */
  private record Slow(String guid, boolean drip, int status, String body, long tookNanos, String error) {
    Duration took() {
      return Duration.ofNanos(tookNanos);
    }
  }
}
