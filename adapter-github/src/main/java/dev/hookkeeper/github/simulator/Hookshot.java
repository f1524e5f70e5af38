package dev.hookkeeper.github.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's delivery side, named after GitHub's own ({@code User-Agent: GitHub-Hookshot/…}):
 * POSTs an event to a hook's URL with GitHub's headers and signatures, and records every attempt,
 * failed ones included, so the deliveries API can list and redeliver it. Only loopback URLs are
 * contacted; any other URL is recorded as a failed connection without touching the network.
 */
final class Hookshot implements AutoCloseable {
  static final String USER_AGENT = "GitHub-Hookshot/5f3a9c1";

  /**
   * GitHub's status code for an attempt that got no HTTP answer (OpenAPI example: "failed to
   * connect", 502).
   */
  static final int NO_ANSWER = 502;

  /** What to send; a snapshot taken under the state lock, so sending needs no lock. */
  record Shot(
      long hookId,
      long repoId,
      String url,
      String contentType,
      String secret,
      String event,
      String action,
      byte[] json,
      String guid,
      boolean redelivery) {}

  private final SimState state;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final ExecutorService background =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "github-simulator-hookshot");
            t.setDaemon(true);
            return t;
          });
  private int pending;

  Hookshot(SimState state) {
    this.state = state;
  }

  /**
   * Sends now, on the calling thread (which must not hold the state lock); returns the recorded
   * attempt.
   */
  SimDelivery send(Shot shot) {
    Map<String, String> headers = new LinkedHashMap<>();
    byte[] body =
        "form".equals(shot.contentType())
            ? ("payload="
                    + URLEncoder.encode(
                        new String(shot.json(), StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII)
            : shot.json();
    headers.put("Accept", "*/*");
    headers.put(
        "Content-Type",
        "form".equals(shot.contentType())
            ? "application/x-www-form-urlencoded"
            : "application/json");
    headers.put("User-Agent", USER_AGENT);
    headers.put("X-GitHub-Delivery", shot.guid());
    headers.put("X-GitHub-Event", shot.event());
    headers.put("X-GitHub-Hook-ID", Long.toString(shot.hookId()));
    headers.put("X-GitHub-Hook-Installation-Target-ID", Long.toString(shot.repoId()));
    headers.put("X-GitHub-Hook-Installation-Target-Type", "repository");
    if (shot.secret() != null) {
      headers.put("X-Hub-Signature", HookshotSignatures.sha1(shot.secret(), body));
      headers.put("X-Hub-Signature-256", HookshotSignatures.sha256(shot.secret(), body));
    }
    Duration timeout;
    Instant at;
    synchronized (state) {
      timeout = state.deliveryTimeout;
      at = state.now();
      if (state.webhooksDown) {
        // GitHub's webhook service is down: nothing is attempted and nothing is logged
        return new SimDelivery(
            0,
            shot.guid(),
            shot.hookId(),
            shot.repoId(),
            shot.event(),
            shot.action(),
            shot.redelivery(),
            shot.url(),
            headers,
            shot.json(),
            at,
            NO_ANSWER,
            "not attempted",
            0,
            "");
      }
    }
    long start = System.nanoTime();
    int code = NO_ANSWER;
    String status;
    String responseBody = "";
    URI uri = loopbackUri(shot.url());
    if (uri == null) {
      status = "failed to connect";
    } else {
      try {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        code = response.statusCode();
        responseBody = truncate(response.body());
        status = code >= 200 && code < 300 ? "OK" : "Invalid HTTP Response: " + code;
      } catch (HttpTimeoutException e) {
        status = "timed out";
      } catch (IOException e) {
        status = "failed to connect";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = "failed to connect";
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    synchronized (state) {
      // the recorded request keeps the signatures, as GitHub's delivery log does
      SimDelivery d =
          new SimDelivery(
              state.deliveryIds.incrementAndGet(),
              shot.guid(),
              shot.hookId(),
              shot.repoId(),
              shot.event(),
              shot.action(),
              shot.redelivery(),
              shot.url(),
              headers,
              shot.json(),
              at,
              code,
              status,
              seconds,
              responseBody);
      SimRepo repo = state.repos.get(shot.repoId());
      SimHook hook = repo == null ? null : repo.hooks.get(shot.hookId());
      if (hook != null) {
        hook.deliveries.add(d);
        // last_response as captured in the wild: {200, "active", "OK"} or {<code>, null, <status
        // text>}
        hook.lastCode =
            uri == null || status.equals("failed to connect") || status.equals("timed out")
                ? null
                : code;
        hook.lastStatus = d.ok() ? "active" : null;
        hook.lastMessage = d.ok() ? "OK" : status;
      }
      return d;
    }
  }

  /** Sends in the background, as GitHub does for pings, redeliveries and {@code meta}. */
  void sendLater(Shot shot) {
    synchronized (this) {
      pending++;
    }
    background.execute(
        () -> {
          try {
            send(shot);
          } finally {
            synchronized (this) {
              pending--;
              notifyAll();
            }
          }
        });
  }

  synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  @Override
  public void close() {
    background.shutdownNow();
  }

  /** The URL if it names this machine; the simulator never sends anywhere else. */
  static URI loopbackUri(String url) {
    try {
      URI uri = URI.create(url);
      String host = uri.getHost();
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (host == null || !(scheme.equals("http") || scheme.equals("https"))) return null;
      String h = host.toLowerCase(Locale.ROOT);
      boolean loopback =
          h.equals("localhost")
              || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
              || h.equals("[::1]")
              || h.equals("::1");
      return loopback ? uri : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String truncate(String s) {
    return s == null ? "" : s.length() > 1024 ? s.substring(0, 1024) : s;
  }
}
