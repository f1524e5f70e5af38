package dev.hookkeeper.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small JSON client over java.net.http that remembers every answer (for the secrets test) and
 * holds every answer to an {@code /api/v2} request to the OpenAPI description ({@link
 * ApiContract}): an answer the description does not describe fails the test that received it.
 */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final ApiContract contract;
  private final List<Reply> seen = new CopyOnWriteArrayList<>();

  public Http(String base) {
    this(base, ApiContract.served());
  }

  /** Checking answers against {@code contract} instead of the served description. */
  public Http(String base, ApiContract contract) {
    this.base = base;
    this.contract = contract;
  }

  public String base() {
    return base;
  }

  public Reply get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Reply post(String path, String token, String json) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply put(String path, String token, String json) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  public HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b;
  }

  public Reply send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      HttpResponse<String> r = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
      Reply reply = new Reply(r.statusCode(), r.headers(), r.body());
      seen.add(reply);
      checkAgainstTheDescription(built, reply);
      return reply;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void checkAgainstTheDescription(HttpRequest request, Reply reply) {
    String path = request.uri().getRawPath();
    if (!ApiContract.covers(path)) return;
    List<String> problems =
        contract.problems(
            request.method(), path, reply.status(), reply.header("Content-Type"), reply.body());
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "the answer to "
              + request.method()
              + " "
              + path
              + " does not match the OpenAPI"
              + " description (app-javalin/src/main/resources"
              + ApiContract.RESOURCE
              + "):\n  "
              + String.join("\n  ", problems)
              + "\nanswer: "
              + abbreviated(reply.toString()));
    }
  }

  private static String abbreviated(String text) {
    return text.length() <= 2000
        ? text
        : text.substring(0, 2000) + "… (" + text.length() + " characters)";
  }

  /** Every answer this client received, in order. */
  public List<Reply> seen() {
    return List.copyOf(seen);
  }

  public static HttpClient client() {
    return CLIENT;
  }
}
