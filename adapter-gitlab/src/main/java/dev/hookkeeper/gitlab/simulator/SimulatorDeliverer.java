package dev.hookkeeper.gitlab.simulator;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Posts hook deliveries the way GitLab does: its headers, a 10 s timeout (GitLab.com), no redirects. */
final class SimulatorDeliverer {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_RESPONSE_CHARS = 2_000;

  /** Everything needed to send one delivery, copied out of the state so no lock is held while sending. */
  record Planned(long hookId, String url, String token, String signingToken, String eventHeader,
      String idempotencyKey, String eventUuid, byte[] body) {
    @Override
    public String toString() {
      return "Planned[hook=" + hookId + " " + eventHeader + " -> " + url + "]";
    }
  }

  record Outcome(int status, String responseBody, double durationSeconds, Map<String, String> recordedHeaders) {
    boolean success() {
      return status >= 200 && status < 300;
    }
  }

  private final OkHttpClient client;
  private final InstantSource clock;

  SimulatorDeliverer(InstantSource clock) {
    this.clock = clock;
    this.client = new OkHttpClient.Builder()
        .followRedirects(false)
        .retryOnConnectionFailure(false)
        .build();
  }

  /** @param timeout how long the receiver may take (GitLab.com: 10 s); a timeout is a failure without status */
  Outcome send(Planned p, String version, String instanceUrl, Duration timeout) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", "GitLab/" + version);
    headers.put("Idempotency-Key", p.idempotencyKey());
    headers.put("X-Gitlab-Event", p.eventHeader());
    headers.put("X-Gitlab-Webhook-UUID", UUID.randomUUID().toString());
    headers.put("X-Gitlab-Instance", instanceUrl);
    headers.put("X-Gitlab-Event-UUID", p.eventUuid());
    if (p.token() != null) headers.put("X-Gitlab-Token", p.token());
    if (p.signingToken() != null) {
      String timestamp = String.valueOf(clock.instant().getEpochSecond());
      headers.put("webhook-id", p.idempotencyKey());
      headers.put("webhook-timestamp", timestamp);
      headers.put("webhook-signature", SimSigning.signature(p.signingToken(), p.idempotencyKey(), timestamp, p.body()));
    }
    Request.Builder request = new Request.Builder().url(p.url()).post(RequestBody.create(p.body(), JSON));
    headers.forEach(request::header);
    Map<String, String> recorded = new LinkedHashMap<>(headers);
    recorded.computeIfPresent("X-Gitlab-Token", (k, v) -> "[REDACTED]");
    recorded.computeIfPresent("webhook-signature", (k, v) -> "[REDACTED]");
    long start = System.nanoTime();
    if (!loopback(p.url())) {
      // The simulator is for tests and demos: it never sends a payload off this machine.
      return new Outcome(0, "non-loopback target refused by the simulator", 0, recorded);
    }
    okhttp3.Call call = client.newCall(request.build());
    call.timeout().timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    try (Response response = call.execute()) {
      ResponseBody rb = response.body();
      String text = rb == null ? "" : rb.string();
      if (text.length() > MAX_RESPONSE_CHARS) text = text.substring(0, MAX_RESPONSE_CHARS);
      return new Outcome(response.code(), text, seconds(start), recorded);
    } catch (IOException | IllegalArgumentException e) {
      // GitLab records these as "internal error"; status 0 here.
      return new Outcome(0, e.getClass().getSimpleName(), seconds(start), recorded);
    }
  }

  private static boolean loopback(String url) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) return false;
    String host = parsed.host();
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]");
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
