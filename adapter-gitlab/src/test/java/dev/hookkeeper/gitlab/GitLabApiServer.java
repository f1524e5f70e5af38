package dev.hookkeeper.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/** A MockWebServer speaking for a GitLab instance, and a client pointed at it with test-speed settings. */
final class GitLabApiServer implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  final MockWebServer server = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();
  final GitLabHooksClient client;

  GitLabApiServer() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client = new GitLabHooksClient(http, server.url("/").toString(), 3, Duration.ofMillis(1), InstantSource.fixed(NOW));
  }

  void enqueue(int code, String body, String... headers) {
    MockResponse.Builder b = new MockResponse.Builder().code(code).body(body).addHeader("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) b.addHeader(headers[i], headers[i + 1]);
    server.enqueue(b.build());
  }

  RecordedRequest take() {
    try {
      RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
      if (r == null) throw new AssertionError("no request arrived");
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static JsonNode body(RecordedRequest r) {
    try {
      return JSON.readTree(r.getBody().utf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
