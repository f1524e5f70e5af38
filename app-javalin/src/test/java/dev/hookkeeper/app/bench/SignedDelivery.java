package dev.hookkeeper.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bytes of one GitHub delivery as GitHub sends it: a real payload, a valid {@code
 * X-Hub-Signature-256}, and a delivery id unique per request. Workload {@code same}: the body and
 * its signature are computed once; only the delivery id changes (after the first, the run state is
 * stale: no effect). Workload {@code failing}: every request is a new failed run on a branch of its
 * own (run id and branch rewritten in place, same size, signed each time), so each one opens an
 * incident and stores two notifications.
 */
final class SignedDelivery {
  private static final String RUN_ID_MARK = "987654321098";
  private static final String BRANCH_MARK = "hk-bench-000000000000";

  private final String host;
  private final String path;
  private final String hookId;
  private final String event;
  private final byte[] body;
  private final String signature;
  private final boolean failing;
  private final int runIdAt;
  private final int branchAt;
  private final AtomicLong sequence =
      new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 100);
  private final ThreadLocal<Mac> macs;

  SignedDelivery(
      String host, String path, String hookId, String event, byte[] body, String secret) {
    this(host, path, hookId, event, body, secret, "same");
  }

  /**
   * @param workload {@code same} or {@code failing}
   */
  SignedDelivery(
      String host,
      String path,
      String hookId,
      String event,
      byte[] body,
      String secret,
      String workload) {
    this.host = host;
    this.path = path;
    this.hookId = hookId;
    this.event = event;
    this.failing = workload.equals("failing");
    if (!failing && !workload.equals("same"))
      throw new IllegalArgumentException("workload: same or failing");
    this.body = failing ? failingTemplate(body) : body;
    this.runIdAt = failing ? indexOf(this.body, RUN_ID_MARK) : -1;
    this.branchAt = failing ? indexOf(this.body, BRANCH_MARK) : -1;
    this.signature = "sha256=" + hmac(secret, this.body);
    this.macs = ThreadLocal.withInitial(() -> mac(secret));
  }

  byte[] request() {
    if (failing) return failingRequest();
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\n"
            + "Host: "
            + host
            + "\r\n"
            + "User-Agent: GitHub-Hookshot/bench\r\n"
            + "Content-Type: application/json\r\n"
            + "X-GitHub-Event: "
            + event
            + "\r\n"
            + "X-GitHub-Delivery: "
            + UUID.randomUUID()
            + "\r\n"
            + "X-GitHub-Hook-ID: "
            + hookId
            + "\r\n"
            + "X-Hub-Signature-256: "
            + signature
            + "\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }

  private byte[] failingRequest() {
    byte[] b = body.clone();
    long n = sequence.incrementAndGet();
    write(b, runIdAt, String.format("%012d", 100_000_000_000L + n % 100_000_000_000L));
    write(b, branchAt, String.format("hk-bench-%012d", n));
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\n"
            + "Host: "
            + host
            + "\r\n"
            + "User-Agent: GitHub-Hookshot/bench\r\n"
            + "Content-Type: application/json\r\n"
            + "X-GitHub-Event: "
            + event
            + "\r\n"
            + "X-GitHub-Delivery: "
            + UUID.randomUUID()
            + "\r\n"
            + "X-GitHub-Hook-ID: "
            + hookId
            + "\r\n"
            + "X-Hub-Signature-256: sha256="
            + HexFormat.of().formatHex(macs.get().doFinal(b))
            + "\r\n"
            + "Content-Length: "
            + b.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + b.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(b, 0, all, headBytes.length, b.length);
    return all;
  }

  /** The payload as a failed run with a recognisable run id and branch, to rewrite per request. */
  private static byte[] failingTemplate(byte[] payload) {
    try {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode root = (ObjectNode) mapper.readTree(payload);
      ObjectNode run = (ObjectNode) root.get("workflow_run");
      run.put("id", Long.parseLong(RUN_ID_MARK));
      run.put("conclusion", "failure");
      run.put("head_branch", BRANCH_MARK);
      return mapper.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indexOf(byte[] haystack, String needle) {
    String s = new String(haystack, StandardCharsets.ISO_8859_1);
    int at = s.indexOf(needle);
    if (at < 0 || s.indexOf(needle, at + 1) >= 0)
      throw new IllegalStateException(needle + " not once in the payload");
    return at;
  }

  private static void write(byte[] b, int at, String ascii) {
    byte[] bytes = ascii.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, b, at, bytes.length);
  }

  private static Mac mac(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hmac(String secret, byte[] body) {
    return HexFormat.of().formatHex(mac(secret).doFinal(body));
  }
}
