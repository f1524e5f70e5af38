package dev.hookkeeper.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.app.support.Payloads;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * More than 10 000 generated malformed requests (seeded, so a failure replays exactly), sent by many
 * concurrent clients with authentic deliveries and replays of one failing run interleaved. Each
 * request is generated inside its task from its own seed, so at most one body per worker is in
 * memory. Every answer must be a non-5xx, every 2xx must be one of ours correctly signed, every
 * acknowledged authentic delivery must be in the log, and the replays must make one incident.
 */
class HostileInputCorpusTest {
  private static final long SEED = 0x5EED_C0DEL;
  private static final int REQUESTS = 10_400;
  private static final int WORKERS = 48;
  private static final Instant OLD = Instant.parse("2026-01-01T00:00:00Z");
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static TestApp app;
  private static TestUser alice;
  private static String connection;
  private static GitHubSimulator.SimulatedHook hook;
  private static byte[] sample;
  private static byte[] failure;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    alice = app.gitHubUser("alice", TestApp.ALICE_GH);
    connection = app.connectActive(alice, TestApp.GH_REPO, "github");
    hook = app.github.hooks(TestApp.GH_REPO).get(0);
    sample = Payloads.githubRun(1L, "success", OLD);
    failure = Payloads.githubRun(77_777L, "failure", OLD.plusSeconds(86_400 * 300));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void ten_thousand_hostile_requests_cause_no_5xx_no_forgery_and_lose_no_authentic_delivery() throws Exception {
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    Semaphore inFlight = new Semaphore(WORKERS * 2);
    Random plan = new Random(SEED);
    try {
      for (int i = 0; i < REQUESTS; i++) {
        int index = i;
        long seed = plan.nextLong();
        inFlight.acquire();
        pool.execute(() -> {
          try {
            outcomes.add(send(index, new Random(seed)));
          } catch (Throwable t) {
            failures.add(index + ": " + t);
          } finally {
            inFlight.release();
          }
        });
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).as("corpus finished in time").isTrue();
    }

    assertThat(failures).as("requests that got no answer (connection reset or crash)").isEmpty();
    assertThat(outcomes).hasSize(REQUESTS);
    assertThat(app.http.get("/health", null).status()).as("server alive").isEqualTo(200);
    assertThat(outcomes).filteredOn(o -> o.status() >= 500).as("5xx answers").isEmpty();
    assertThat(outcomes).filteredOn(o -> o.status() >= 200 && o.status() < 300 && !o.authentic())
        .as("accepted forgeries").isEmpty();
    assertThat(outcomes).filteredOn(o -> o.kind() == Kind.AUTHENTIC).hasSizeGreaterThanOrEqualTo(200)
        .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(202));
    assertThat(outcomes).filteredOn(o -> o.kind() == Kind.REPLAY).isNotEmpty()
        .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(202));
    assertThat(outcomes).filteredOn(o -> o.kind() == Kind.SIGNED_GARBAGE).isNotEmpty()
        .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isBetween(200, 202));
    assertThat(outcomes).filteredOn(o -> o.kind() == Kind.FORGED)
        .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isIn(401, 429));
    assertThat(outcomes).filteredOn(o -> o.kind() == Kind.OVERSIZED)
        .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(413));
    assertThat(outcomes).filteredOn(o -> o.kind() == Kind.PROTOCOL)
        .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isBetween(400, 499));

    // every acknowledged authentic delivery is in the log, once
    Map<String, Integer> logged = deliveryLog();
    List<String> missing = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (o.authentic() && o.status() < 300 && o.guid() != null && logged.getOrDefault(o.guid(), 0) != 1) {
        missing.add(o.guid() + "=" + logged.get(o.guid()));
      }
    }
    assertThat(missing).as("acknowledged authentic deliveries missing from the log").isEmpty();

    // the replays of one failing run under new delivery ids: one incident, one occurrence
    Poll.until(java.time.Duration.ofSeconds(60), () -> all("/api/v2/repositories/" + connection + "/deliveries")
        .stream().noneMatch(e -> "received".equals(e.path("status").asText())));
    JsonNode incidents = app.http.get("/api/v2/incidents", alice.token()).json().get("items");
    assertThat(incidents).hasSize(1);
    assertThat(incidents.get(0).get("occurrence_count").asInt()).isEqualTo(1);
    assertThat(incidents.get(0).get("run_url").asText()).endsWith("/actions/runs/77777");
    assertThat(all("/api/v2/workflow-runs?repository_id=" + connection))
        .filteredOn(run -> run.get("run_id").asLong() == 77_777L).hasSize(1);
  }

  /** Stored (not rejected) log entries by delivery id. */
  private static Map<String, Integer> deliveryLog() {
    Map<String, Integer> seen = new HashMap<>();
    for (JsonNode e : all("/api/v2/repositories/" + connection + "/deliveries")) {
      if (!"rejected".equals(e.path("status").asText())) seen.merge(e.path("delivery_id").asText(), 1, Integer::sum);
    }
    return seen;
  }

  /** Every item of a list, following next_cursor. */
  private static List<JsonNode> all(String path) {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    do {
      String page = path + (path.contains("?") ? "&" : "?") + "limit=200"
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      Reply reply = app.http.get(page, alice.token());
      assertThat(reply.status()).as(page).isEqualTo(200);
      reply.json().get("items").forEach(items::add);
      JsonNode next = reply.json().get("next_cursor");
      cursor = next == null || next.isNull() ? null : next.asText();
    } while (cursor != null);
    return items;
  }

  private static Outcome send(int i, Random r) throws IOException, InterruptedException {
    if (i % 50 == 0) {
      byte[] body = Payloads.githubRun(100_000L + i, "success", OLD.plusSeconds(i));
      return github(Kind.AUTHENTIC, "auth-" + i, body, sign(body), "application/json", "workflow_run");
    }
    if (i % 499 == 7) return github(Kind.REPLAY, "replay-" + i, failure, sign(failure), "application/json", "workflow_run");
    if (i == 1001 || i == 5003 || i == 9005) return oversized(i == 5003);
    if (i % 2_000 == 13) return hugeString(i, r);
    int pick = r.nextInt(100);
    if (pick < 22) return signedGarbage(i, r);
    if (pick < 74) return forged(i, r);
    if (pick < 92) return badHeaders(i, r);
    return protocol(i, r);
  }

  /** Authentic (right hook, right signature) but undecodable: stored as failed. */
  private static Outcome signedGarbage(int i, Random r) throws IOException, InterruptedException {
    byte[] body;
    switch (r.nextInt(9)) {
      case 0 -> body = Arrays.copyOf(sample, 1 + r.nextInt(sample.length - 2));
      case 1 -> {
        body = new byte[1 + r.nextInt(2_000)];
        r.nextBytes(body);
      }
      case 2 -> body = bytes(pickOne(r, "{\"workflow_run\": 12}", "[]", "\"str\"", "null", "123", "true",
          "{\"workflow_run\": {\"id\": \"x\", \"conclusion\": 5, \"head_branch\": []}}",
          "{\"workflow_run\": {\"id\": 1e400, \"run_attempt\": -1}, \"repository\": \"nope\"}",
          "{\"action\": {}, \"workflow_run\": null}", "{\"repository\": {\"id\": \"4242\", \"full_name\": 7}}"));
      case 3 -> {
        int depth = i % 7 == 0 ? 10_000 : 1 + r.nextInt(3_000);
        body = bytes("[".repeat(depth) + "]".repeat(r.nextBoolean() ? depth : depth / 2));
      }
      case 4 -> {
        body = sample.clone();
        int at = r.nextInt(body.length);
        body[at] = (byte) (0x80 + r.nextInt(0x80)); // invalid UTF-8 inside a real payload
      }
      case 5 -> body = bytes("{\"zen\": \"\\u0000nul\", \"workflow_run\": {\"name\": \"\\ud800\"}}");
      case 6 -> body = bytes("{\"workflow_run\": {\"name\": \"" + "x".repeat(10_000 + r.nextInt(50_000)) + "\"}}");
      case 7 -> body = bytes("{\"a\":1}{\"b\":2} trailing");
      default -> body = new byte[0];
    }
    String event = pickOne(r, "workflow_run", "workflow_run", "workflow_job", "push", "ping", "star",
        "../../etc/passwd", "x".repeat(300));
    return github(Kind.SIGNED_GARBAGE, "g-" + i, body, sign(body), "application/json", event);
  }

  /** A signed real payload whose workflow name is a 3-4 MB string: only a few, for memory. */
  private static Outcome hugeString(int i, Random r) throws IOException, InterruptedException {
    String name = "\"name\":\"" + "n".repeat(3_000_000 + r.nextInt(1_000_000)) + "\",";
    String json = new String(Payloads.githubRun(900_000L + i, "success", OLD.plusSeconds(i)), StandardCharsets.UTF_8);
    byte[] body = bytes(json.replaceFirst("\"workflow_run\"\\s*:\\s*\\{", "\"workflow_run\":{" + name));
    return github(Kind.SIGNED_GARBAGE, "huge-" + i, body, sign(body), "application/json", "workflow_run");
  }

  /** Every wrong shape of signature and hook id; never authentic. */
  private static Outcome forged(int i, Random r) throws IOException, InterruptedException {
    byte[] body = r.nextInt(4) == 0 ? bytes("{\"workflow_run\": 1}") : sample;
    String good = sign(body);
    String hookId = Long.toString(hook.id());
    String signature = null;
    List<String> extra = new ArrayList<>();
    switch (r.nextInt(14)) {
      case 0 -> signature = null;
      case 1 -> signature = "";
      case 2 -> signature = good.toUpperCase();
      case 3 -> signature = "SHA256=" + good.substring(7);
      case 4 -> signature = good.substring(0, 7 + r.nextInt(64));
      case 5 -> signature = good + "00";
      case 6 -> signature = "sha256=" + "g".repeat(64);
      case 7 -> signature = Payloads.githubSignature("wrong-" + r.nextInt(), body);
      case 8 -> signature = Payloads.githubSignature(hook.secret(), bytes("{}" + i));
      case 9 -> {
        signature = null;
        extra.addAll(List.of("X-Hub-Signature", "sha1=" + "0".repeat(40)));
      }
      case 10 -> signature = "sha512=" + good.substring(7) + good.substring(7);
      case 11 -> {
        hookId = pickOne(r, "0", "-1", "99999999999999999999999", "0x10", "abc", "", " ", "1e3",
            Long.toString(r.nextLong()));
        signature = good;
      }
      case 12 -> {
        // flip one bit of an otherwise correct signature
        char[] c = good.toCharArray();
        int at = 7 + r.nextInt(64);
        c[at] = c[at] == '0' ? '1' : '0';
        signature = new String(c);
      }
      default -> {
        return gitlabForged(i, r);
      }
    }
    List<String> headers = new ArrayList<>(List.of("X-GitHub-Event", "workflow_run", "X-GitHub-Delivery", "f-" + i,
        "X-GitHub-Hook-ID", hookId));
    if (signature != null) headers.addAll(List.of("X-Hub-Signature-256", signature));
    headers.addAll(extra);
    return post(Kind.FORGED, "f-" + i, false, "/api/v2/webhooks/github", "application/json", headers, body);
  }

  private static Outcome gitlabForged(int i, Random r) throws IOException, InterruptedException {
    List<String> headers = new ArrayList<>(List.of("X-Gitlab-Event", "Pipeline Hook", "Idempotency-Key", "gl-" + i));
    String token = pickOne(r, "wrong-token", "x".repeat(500), "glpat-" + r.nextLong(), null);
    if (token != null) headers.addAll(List.of("X-Gitlab-Token", token));
    return post(Kind.FORGED, "gl-" + i, false, "/api/v2/webhooks/gitlab", "application/json", headers,
        bytes("{\"object_kind\": \"pipeline\", \"project\": {\"id\": " + app.gitlabProjectId + "}}"));
  }

  /** Missing, duplicated and odd headers; wrong content types. Authentic only where truly signed. */
  private static Outcome badHeaders(int i, Random r) throws IOException, InterruptedException {
    byte[] body = Payloads.githubRun(500_000L + i, "success", OLD.plusSeconds(i));
    String sig = sign(body);
    String hookId = Long.toString(hook.id());
    String guid = "h-" + i;
    switch (r.nextInt(7)) {
      case 0 -> {
        return post(Kind.HEADERS, guid, true, "/api/v2/webhooks/github", "application/json",
            List.of("X-GitHub-Delivery", guid, "X-GitHub-Hook-ID", hookId, "X-Hub-Signature-256", sig), body);
      }
      case 1 -> {
        return post(Kind.HEADERS, null, true, "/api/v2/webhooks/github", "application/json",
            List.of("X-GitHub-Event", "workflow_run", "X-GitHub-Hook-ID", hookId, "X-Hub-Signature-256", sig), body);
      }
      case 2 -> {
        String type = pickOne(r, "text/plain", "application/xml", "multipart/form-data; boundary=x",
            "application/octet-stream", "json", "application/jsonx", "*/*");
        return post(Kind.HEADERS, guid, true, "/api/v2/webhooks/github", type, List.of("X-GitHub-Event",
            "workflow_run", "X-GitHub-Delivery", guid, "X-GitHub-Hook-ID", hookId, "X-Hub-Signature-256", sig), body);
      }
      case 3 -> {
        // two signatures, one of them right: the request is ours either way
        return post(Kind.HEADERS, null, true, "/api/v2/webhooks/github", "application/json", List.of(
            "X-GitHub-Event", "workflow_run", "X-GitHub-Delivery", guid, "X-GitHub-Hook-ID", hookId,
            "X-Hub-Signature-256", Payloads.githubSignature("wrong", body), "X-Hub-Signature-256", sig), body);
      }
      case 4 -> {
        // two hook ids, the other one unknown; the signature is only right for ours
        return post(Kind.HEADERS, null, true, "/api/v2/webhooks/github", "application/json", List.of(
            "X-GitHub-Event", "workflow_run", "X-GitHub-Delivery", guid, "X-GitHub-Hook-ID", "424242",
            "X-GitHub-Hook-ID", hookId, "X-Hub-Signature-256", sig), body);
      }
      case 5 -> {
        return post(Kind.HEADERS, null, true, "/api/v2/webhooks/github", "application/json", List.of(
            "X-GitHub-Event", "workflow_run", "X-GitHub-Event", "push", "X-GitHub-Delivery", guid,
            "X-GitHub-Delivery", guid + "-b", "X-GitHub-Hook-ID", hookId, "X-Hub-Signature-256", sig), body);
      }
      default -> {
        return post(Kind.HEADERS, guid, true, "/api/v2/webhooks/github", "application/json; charset=ISO-8859-1",
            List.of("X-GitHub-Event", "workflow_run", "X-GitHub-Delivery", guid, "X-GitHub-Hook-ID", hookId,
                "X-Hub-Signature-256", sig, "X-Unrelated", "y".repeat(2_000)), body);
      }
    }
  }

  /** Requests an HTTP client library would refuse to send: raw bytes on a socket. */
  private static Outcome protocol(int i, Random r) throws IOException {
    byte[] body = bytes("{\"zen\":\"x\"}");
    String common = "POST /api/v2/webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + "Content-Type: application/json\r\nX-GitHub-Event: star\r\nX-GitHub-Hook-ID: " + hook.id() + "\r\n"
        + "X-GitHub-Delivery: p-" + i + "\r\n";
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    switch (r.nextInt(7)) {
      case 0 -> req.writeBytes(bytes(common + "Content-Length: " + body.length + "\r\nContent-Length: 3\r\n\r\n"));
      case 1 -> req.writeBytes(bytes(common + "this line has no colon\r\nContent-Length: 0\r\n\r\n"));
      case 2 -> req.writeBytes(bytes(common + "X-Big: " + "a".repeat(20_000 + r.nextInt(50_000))
          + "\r\nContent-Length: 0\r\n\r\n"));
      case 3 -> {
        // invalid UTF-8 in the signature header, otherwise a well-formed request
        req.writeBytes(bytes(common + "X-Hub-Signature-256: sha256="));
        req.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x28});
        req.writeBytes(bytes("\r\nContent-Length: " + body.length + "\r\n\r\n"));
      }
      case 4 -> req.writeBytes(bytes(common + "Content-Length: -5\r\n\r\n"));
      case 5 -> req.writeBytes(bytes(common + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"));
      default -> {
        // a body shorter than declared, then the client stops sending
        return raw(Kind.PROTOCOL, bytes(common + "X-Hub-Signature-256: " + sign(body) + "\r\nContent-Length: "
            + (body.length + 500) + "\r\n\r\n"), body, true);
      }
    }
    return raw(Kind.PROTOCOL, req.toByteArray(), body, false);
  }

  /** A declared body over 25 MB, or 26 MB streamed in chunks: only a few, for memory. */
  private static Outcome oversized(boolean streamed) throws IOException {
    String head = "POST /api/v2/webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + "Content-Type: application/json\r\nX-GitHub-Event: push\r\nX-GitHub-Delivery: big\r\n"
        + "X-GitHub-Hook-ID: " + hook.id() + "\r\n"
        + (streamed ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: 26214401\r\n\r\n");
    URI uri = URI.create(app.url());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(bytes(head));
      out.flush();
      if (streamed) {
        Thread writer = new Thread(() -> chunks(out), "oversize-writer");
        writer.setDaemon(true);
        writer.start();
      } else {
        out.write(new byte[64 * 1024]);
      }
      return new Outcome(Kind.OVERSIZED, null, false, statusOf(readSome(socket.getInputStream())));
    }
  }

  private static void chunks(OutputStream out) {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) ' ');
    byte[] size = bytes(Integer.toHexString(chunk.length) + "\r\n");
    try {
      for (int k = 0; k < 27 * 16; k++) {
        out.write(size);
        out.write(chunk);
        out.write(bytes("\r\n"));
      }
      out.write(bytes("0\r\n\r\n"));
    } catch (IOException e) {
      // expected: the server refused and closed
    }
  }

  private static Outcome raw(Kind kind, byte[] head, byte[] body, boolean truncate) throws IOException {
    URI uri = URI.create(app.url());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head);
        out.write(body);
        out.flush();
        if (truncate) socket.shutdownOutput();
      } catch (IOException e) {
        // the server may refuse and close before reading everything; its answer is what counts
      }
      return new Outcome(kind, null, false, statusOf(readSome(socket.getInputStream())));
    }
  }

  private static String readSome(InputStream in) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        got.write(buf, 0, n);
        if (got.size() > 12 && got.toString(StandardCharsets.ISO_8859_1).contains("\r\n")) break;
      }
    } catch (IOException e) {
      // a reset after the answer: what arrived is the answer
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }

  private static int statusOf(String response) {
    if (!response.startsWith("HTTP/1.1 ")) throw new AssertionError("no HTTP answer: '" + response + "'");
    return Integer.parseInt(response.substring(9, 12));
  }

  private static Outcome github(Kind kind, String guid, byte[] body, String signature, String type, String event)
      throws IOException, InterruptedException {
    return post(kind, guid, true, "/api/v2/webhooks/github", type, List.of("X-GitHub-Event", event,
        "X-GitHub-Delivery", guid, "X-GitHub-Hook-ID", Long.toString(hook.id()), "X-Hub-Signature-256", signature),
        body);
  }

  private static Outcome post(Kind kind, String guid, boolean authentic, String path, String type,
      List<String> headers, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url() + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", type);
    for (int k = 0; k < headers.size(); k += 2) b.header(headers.get(k), headers.get(k + 1));
    HttpResponse<String> r = CLIENT.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Outcome(kind, guid, authentic, r.statusCode());
  }

  private static String sign(byte[] body) {
    return Payloads.githubSignature(hook.secret(), body);
  }

  @SafeVarargs
  private static <T> T pickOne(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private enum Kind { AUTHENTIC, REPLAY, SIGNED_GARBAGE, FORGED, HEADERS, PROTOCOL, OVERSIZED }

  /** @param authentic the request carried the right signature of its exact body for our hook */
  private record Outcome(Kind kind, String guid, boolean authentic, int status) {}
}
