package dev.hookkeeper.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.ChildServer;
import dev.hookkeeper.app.support.OneShotPost;
import dev.hookkeeper.app.support.OneShotPost.Exchange;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 10, item 1, the other half: bodies that really arrive, big, at once. The bytes held by
 * bodies still being read share one budget (96 MB): past it a body is refused with {@code 503} +
 * {@code Retry-After} and the JSON error, nothing is stored, and the budget is whole again once the
 * senders are gone. The server runs with the README's JVM options ({@code -Xmx384m}), as a child
 * process.
 *
 * <p>A body's buffer doubles from 16 kB as bytes arrive, up to its declared length: a sender that
 * declared 25 MB and sent just over 16 MB holds 25 MB. Three such senders hold 75 MB; a fourth
 * grows to 16 MB (91 MB held) and its next step to 25 MB does not fit.
 */
class BodiesOverBudgetTest {
  private static final Logger log = LoggerFactory.getLogger(BodiesOverBudgetTest.class);
  private static final long MIB = 1024 * 1024;
  private static final long DECLARED = 25 * MIB;

  /** Just past the 16 MB buffer: the next read asks for the 25 MB one. */
  private static final int SENT = (int) (16 * MIB) + 64 * 1024;

  private static final Pattern HELD =
      Pattern.compile("(?m)^hookkeeper_ingest_body_bytes\\S* (\\S+)$");
  private static ChildServer rig;
  private static GitHubSimulator.SimulatedHook hook;
  private static InetSocketAddress address;

  @BeforeAll
  static void start() {
    rig =
        new ChildServer(
            "bodies-over-budget",
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
  void
      a_body_that_does_not_fit_the_shared_budget_is_refused_503_unstored_and_the_budget_comes_back()
          throws Exception {
    List<Socket> holders = new ArrayList<>();
    String answer;
    long heldAtRefusal;
    try {
      for (int i = 0; i < 3; i++) holders.add(sendBigBody("over-budget-holder-" + i));
      // what the kernel took is not yet what the server read: wait until it holds the three buffers
      Poll.until(Duration.ofSeconds(30), () -> held() >= 75 * MIB);
      try (Socket fourth =
          sendBigBody("over-budget-refused")) { // refused part-way: may be reset while it writes
        fourth.setSoTimeout(15_000); // the read budget would answer 408 at 20 s: this is sooner
        answer = readAnswer(fourth.getInputStream());
      }
      heldAtRefusal = held();
    } finally {
      for (Socket s : holders) s.close();
    }
    // the server notices the closed senders and gives their buffers back
    Poll.until(Duration.ofSeconds(30), () -> held() == 0);
    Exchange authentic = authentic("over-budget-after");
    long stored =
        rig.queryLong(
            "SELECT count(*) FROM deliveries WHERE delivery_id LIKE 'over-budget-%'"
                + " AND delivery_id <> 'over-budget-after'");
    log.info(
        "bodies over budget: answer={} held_mb_at_refusal={} stored={} authentic_after={} in_ms={}",
        answer.lines().findFirst().orElse("(none)"),
        heldAtRefusal / MIB,
        stored,
        authentic.status(),
        authentic.duration().toMillis());

    assertThat(answer).as("the fourth body").startsWith("HTTP/1.1 503");
    assertThat(answer).containsPattern("(?i)retry-after: [1-9][0-9]*");
    assertThat(answer).contains("\"error\":\"unavailable\"");
    assertThat(rig.server.handle().isAlive()).isTrue();
    assertThat(stored).as("rows for the big bodies, authentic or not").isZero();
    assertThat(authentic.status())
        .as("an authentic delivery once the senders are gone")
        .isEqualTo(202);
  }

  /**
   * Sends the headers of a 25 MB delivery for the real hook and the first {@link #SENT} bytes of
   * its body.
   */
  private static Socket sendBigBody(String guid) throws IOException {
    Socket socket = new Socket();
    socket.connect(address, 5_000);
    String head =
        "POST /api/v2/webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
            + DECLARED
            + "\r\nContent-Type: application/json\r\nX-GitHub-Event: workflow_run\r\nX-GitHub-Delivery: "
            + guid
            + "\r\nX-GitHub-Hook-ID: "
            + hook.id()
            + "\r\nX-Hub-Signature-256: sha256="
            + "0".repeat(64)
            + "\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    byte[] body = new byte[SENT];
    Arrays.fill(body, (byte) ' ');
    body[0] = '{';
    try {
      out.write(body);
      out.flush();
    } catch (SocketException e) {
      // the server answered and closed before taking it all (a refused body): its answer is read
      // next
      log.info("{}: {} while sending the body", guid, e.toString());
    }
    return socket;
  }

  /** Bytes the server's bodies hold now, from {@code /metrics}. */
  private static long held() {
    Matcher m = HELD.matcher(rig.http().get("/metrics", null).body());
    if (!m.find()) throw new AssertionError("no hookkeeper_ingest_body_bytes in /metrics");
    double held = Double.parseDouble(m.group(1));
    if (Double.isNaN(held))
      throw new AssertionError("hookkeeper_ingest_body_bytes is NaN (its gauge lost its object)");
    return (long) held;
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
    } catch (SocketException e) {
      // a reset after the answer (the server closes with our unread bytes): what arrived counts
    }
    return got.toString();
  }

  private static Exchange authentic(String guid) {
    byte[] body = Payloads.githubRun(20_000_001L, "success", Instant.now().minusSeconds(60));
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
}
