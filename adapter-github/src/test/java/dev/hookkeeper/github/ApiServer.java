package dev.hookkeeper.github;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/** A MockWebServer speaking for api.github.com, and a client pointed at it with test-speed settings. */
final class ApiServer implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");
  static final int ATTEMPTS = 3;

  final MockWebServer server = new MockWebServer();
  final GitHubHooksClient client;

  ApiServer() {
    try {
      server.start();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
    client = new GitHubHooksClient(server.url("/").toString(), http,
        new GitHubHooksClient.Settings(ATTEMPTS, Duration.ofMillis(1), Duration.ZERO), InstantSource.fixed(NOW));
  }

  static MockResponse.Builder json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json; charset=utf-8").body(body);
  }

  void enqueue(MockResponse.Builder response) {
    server.enqueue(response.build());
  }

  mockwebserver3.RecordedRequest take() {
    try {
      mockwebserver3.RecordedRequest r = server.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
      if (r == null) throw new AssertionError("no request arrived");
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
