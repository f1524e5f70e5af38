package dev.hookkeeper.app;

import static dev.hookkeeper.app.ApiShapeTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Payloads;
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
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ingest endpoints' checks, in their documented order, over real HTTP (and raw sockets). */
class IngestEdgeCasesTest {
  private static final String UNAUTHENTICATED =
      "{\"error\":\"unauthenticated\",\"message\":\"the delivery could not be authenticated\"}";
  private static TestApp app;
  private static GitHubSimulator.SimulatedHook hook;
  private static TestUser alice;
  private static String connection;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    alice = app.gitHubUser("alice", TestApp.ALICE_GH);
    connection = app.connectActive(alice, TestApp.GH_REPO, "github");
    hook = app.github.hooks(TestApp.GH_REPO).get(0);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void refuses_a_declared_body_above_25_mb_before_reading_it() throws IOException {
    String response = raw("POST /api/v2/webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nX-GitHub-Event: push\r\nContent-Length: 26214401\r\n\r\n{", false);
    assertThat(response).startsWith("HTTP/1.1 413");
    assertThat(response).contains("{\"error\":\"payload_too_large\"");
  }

  @Test
  void refuses_a_streamed_body_once_it_passes_25_mb() throws IOException {
    // headers naming a real hook, so the body is read: it is cut off as it passes the limit
    String response = raw("POST /api/v2/webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nX-GitHub-Event: workflow_run\r\nX-GitHub-Delivery: big-1\r\n"
        + "X-GitHub-Hook-ID: " + hook.id() + "\r\nTransfer-Encoding: chunked\r\n\r\n", true);
    assertThat(response).startsWith("HTTP/1.1 413");
    assertThat(response).contains("payload_too_large");
  }

  @Test
  void a_streamed_body_of_the_wrong_type_is_refused_without_being_read_to_its_end() throws IOException {
    // judged from the headers: at most a megabyte is read (and dropped) before the answer
    String response = raw("POST /api/v2/webhooks/gitlab HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n", true);
    assertThat(response).startsWith("HTTP/1.1 415");
    assertThat(response).contains("unsupported_media_type").containsIgnoringCase("Connection: close");
  }

  @Test
  void protocol_errors_before_routing_answer_json_too() throws IOException {
    String badLine = raw("GARBAGE\r\n\r\n", false);
    assertThat(badLine).startsWith("HTTP/1.1 400").contains("\"error\":\"bad_request\"");
    String hugeHeader = raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000)
        + "\r\n\r\n", false);
    assertThat(hugeHeader).startsWith("HTTP/1.1 431").contains("\"error\":\"headers_too_large\"");
  }

  @Test
  void refuses_content_types_other_than_json_or_form() {
    Reply r = post("github", "text/plain", List.of("X-GitHub-Event", "ping"), "{}".getBytes(StandardCharsets.UTF_8));
    assertError(r, 415, "unsupported_media_type");
    Reply none = app.http.send(app.http.request("/api/v2/webhooks/github", null)
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(none.status()).isEqualTo(415);
  }

  @Test
  void refuses_a_request_without_the_event_or_delivery_header() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    Reply r = post("github", "application/json", List.of("X-GitHub-Delivery", "d-1", "X-GitHub-Hook-ID", "1"), body);
    assertError(r, 400, "missing_header");
    Reply gitlab = post("gitlab", "application/json", List.of("X-Gitlab-Token", "whatever"), body);
    assertError(gitlab, 400, "missing_header");
  }

  @Test
  void every_authentication_failure_gets_the_same_answer() {
    byte[] body = Payloads.githubRun(7001L, "failure", Instant.now().minusSeconds(60));
    String hookId = Long.toString(hook.id());
    List<Reply> replies = new ArrayList<>();
    replies.add(github(body, "a-1", "99999", Payloads.githubSignature(hook.secret(), body)));   // unknown hook
    replies.add(github(body, "a-2", hookId, null));                                            // no signature
    replies.add(github(body, "a-3", hookId, Payloads.githubSignature("wrong", body)));         // wrong secret
    replies.add(github(body, "a-4", hookId, "sha1=0123456789abcdef0123456789abcdef01234567")); // sha1 only
    replies.add(github(body, "a-5", hookId, Payloads.githubSignature(hook.secret(), body).toUpperCase())); // wrong shape
    replies.add(github(body, "a-6", "not-a-number", Payloads.githubSignature(hook.secret(), body)));
    replies.add(post("gitlab", "application/json",
        List.of("X-Gitlab-Event", "Pipeline Hook", "X-Gitlab-Token", "unknown-token", "Idempotency-Key", "g-1"), body));
    assertThat(replies).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body()).isEqualTo(UNAUTHENTICATED);
    });
    // and in the same time: no answer comes before the floor, whether the hook exists or not
    for (String id : List.of("99999", hookId)) {
      long start = System.nanoTime();
      assertThat(github(body, "t-" + id, id, Payloads.githubSignature("wrong", body)).status()).isEqualTo(401);
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
          java.time.Duration.ofMillis(50));
    }
    // and nothing was processed: the authentic delivery below is the first of its run
    Reply authentic = github(body, "a-7", hookId, Payloads.githubSignature(hook.secret(), body));
    assertThat(authentic.status()).isEqualTo(202);
    assertThat(authentic.body()).isEqualTo("{\"status\":\"received\"}");
    assertThat(app.awaitProcessed(alice, connection, "a-7").get("status").asText()).isEqualTo("processed");
  }

  @Test
  void an_authentic_duplicate_is_acknowledged_without_a_second_effect() {
    byte[] body = Payloads.githubRun(7101L, "success", Instant.now().minusSeconds(60));
    String sig = Payloads.githubSignature(hook.secret(), body);
    String hookId = Long.toString(hook.id());
    assertThat(github(body, "dup-1", hookId, sig).json().get("status").asText()).isEqualTo("received");
    Reply again = github(body, "dup-1", hookId, sig);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo("{\"status\":\"duplicate\"}");
  }

  @Test
  void accepts_a_form_encoded_delivery_signed_over_the_raw_bytes() {
    byte[] json = Payloads.githubRun(7201L, "success", Instant.now().minusSeconds(60));
    byte[] form = ("payload=" + java.net.URLEncoder.encode(new String(json, StandardCharsets.UTF_8),
        StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    Reply r = post("github", "application/x-www-form-urlencoded", List.of("X-GitHub-Event", "workflow_run",
        "X-GitHub-Delivery", "form-1", "X-GitHub-Hook-ID", Long.toString(hook.id()),
        "X-Hub-Signature-256", Payloads.githubSignature(hook.secret(), form)), form);
    assertThat(r.status()).isEqualTo(202);
    assertThat(app.awaitProcessed(alice, connection, "form-1").get("status").asText()).isEqualTo("processed");
  }

  @Test
  void an_authentic_event_nobody_acts_on_is_stored_and_ignored() {
    byte[] body = "{\"zen\": \"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
    Reply r = post("github", "application/json", List.of("X-GitHub-Event", "star", "X-GitHub-Delivery", "st-1",
        "X-GitHub-Hook-ID", Long.toString(hook.id()), "X-Hub-Signature-256", Payloads.githubSignature(hook.secret(), body)),
        body);
    assertThat(r.status()).isEqualTo(202);
    assertThat(app.awaitProcessed(alice, connection, "st-1").get("status").asText()).isEqualTo("ignored");
  }

  @Test
  void an_authentic_but_undecodable_payload_is_stored_as_failed() {
    byte[] body = "{\"workflow_run\": 12}".getBytes(StandardCharsets.UTF_8);
    Reply r = github(body, "bad-1", Long.toString(hook.id()), Payloads.githubSignature(hook.secret(), body));
    assertThat(r.status()).isEqualTo(202);
    var stored = app.awaitProcessed(alice, connection, "bad-1");
    assertThat(stored.get("status").asText()).isEqualTo("failed");
    assertThat(stored.get("error").asText()).startsWith("malformed payload");
  }

  @Test
  void the_delivery_log_pages_newest_first_without_overlap() {
    for (int i = 0; i < 3; i++) {
      byte[] body = Payloads.githubRun(7300L + i, "success", Instant.now().minusSeconds(60));
      github(body, "page-" + i, Long.toString(hook.id()), Payloads.githubSignature(hook.secret(), body));
    }
    String path = "/api/v2/repositories/" + connection + "/deliveries?limit=2";
    Reply first = app.http.get(path, alice.token());
    assertThat(first.json().get("items")).hasSize(2);
    String cursor = first.json().get("next_cursor").asText();
    assertThat(cursor).isNotBlank();
    Reply second = app.http.get(path + "&cursor=" + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8),
        alice.token());
    assertThat(second.status()).isEqualTo(200);
    List<String> firstIds = ids(first);
    assertThat(ids(second)).isNotEmpty().doesNotContainAnyElementsOf(firstIds);
    assertThat(firstIds.get(0)).isEqualTo("page-2");
  }

  private static List<String> ids(Reply r) {
    List<String> out = new ArrayList<>();
    r.json().get("items").forEach(i -> out.add(i.path("delivery_id").asText()));
    return out;
  }

  private static Reply github(byte[] body, String guid, String hookId, String signature) {
    List<String> headers = new ArrayList<>(List.of("X-GitHub-Event", "workflow_run", "X-GitHub-Delivery", guid,
        "X-GitHub-Hook-ID", hookId));
    if (signature != null) {
      headers.add("X-Hub-Signature-256");
      headers.add(signature);
    }
    return post("github", "application/json", headers, body);
  }

  static Reply post(String provider, String contentType, List<String> headers, byte[] body) {
    HttpRequest.Builder b = app.http.request("/api/v2/webhooks/" + provider, null).header("Content-Type", contentType);
    for (int i = 0; i < headers.size(); i += 2) b.header(headers.get(i), headers.get(i + 1));
    return app.http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** Sends {@code head} (and, if chunked, 26 MB of chunks) on a raw socket; returns what came back. */
  private static String raw(String head, boolean chunked) throws IOException {
    URI uri = URI.create(app.url());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (chunked) {
        Thread writer = new Thread(() -> writeChunks(out));
        writer.setDaemon(true);
        writer.start();
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      try {
        while ((n = in.read(buf)) > 0) {
          got.write(buf, 0, n);
          if (got.toString(StandardCharsets.UTF_8).contains("}")) break;
        }
      } catch (IOException e) {
        // the server closes after refusing; what arrived before is the answer
      }
      return got.toString(StandardCharsets.UTF_8);
    }
  }

  private static void writeChunks(OutputStream out) {
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) ' ');
    byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    try {
      for (int i = 0; i < 27 * 16; i++) {
        out.write(size);
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      // expected: the server stopped reading and closed
    }
  }
}
