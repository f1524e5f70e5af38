package dev.hookkeeper.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GitLab API exchange: authentication, bounded retries of 5xx and I/O failures, and the
 * failures every endpoint shares (429, outage). Endpoint-specific statuses are left to the caller.
 */
final class GitLabHttp {
  private static final Logger LOG = LoggerFactory.getLogger(GitLabHttp.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** Used when a 429 names no time at all; GitLab's own throttles reset within a minute. */
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

  static final ObjectMapper MAPPER = new ObjectMapper();

  private static final int MAX_REDIRECTS = 5;

  private final OkHttpClient client;
  private final HttpUrl apiBase;
  private final RateBudgets budgets;
  private final int maxAttempts;
  private final Duration backoff;
  private final InstantSource clock;

  GitLabHttp(
      OkHttpClient client,
      HttpUrl instanceUrl,
      int maxAttempts,
      Duration backoff,
      InstantSource clock) {
    // Redirects are followed by hand: OkHttp would carry PRIVATE-TOKEN to any host it is sent to.
    this.client = client.newBuilder().followRedirects(false).followSslRedirects(false).build();
    this.budgets = new RateBudgets(clock);
    this.apiBase = instanceUrl.newBuilder().addPathSegments("api/v4").build();
    if (maxAttempts < 1) throw new IllegalArgumentException("'maxAttempts' must be at least 1");
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.clock = clock;
  }

  HttpUrl.Builder api() {
    return apiBase.newBuilder();
  }

  InstantSource clock() {
    return clock;
  }

  RateBudgets budgets() {
    return budgets;
  }

  /** A response GitLab gave: status, the headers callers need, and the body text. */
  record Reply(int code, String body, String nextPage, String location) {
    boolean ok() {
      return code >= 200 && code < 300;
    }

    boolean redirect() {
      return (code == 301 || code == 302 || code == 307 || code == 308) && !location.isBlank();
    }

    JsonNode json() {
      try {
        return body.isEmpty() ? MAPPER.missingNode() : MAPPER.readTree(body);
      } catch (IOException e) {
        return MAPPER.missingNode();
      }
    }

    /**
     * GitLab's error text: {@code message} (may be an object of field errors), or OAuth's {@code
     * error} with its {@code error_description}.
     */
    String errorText() {
      JsonNode node = json();
      JsonNode message = node.path("message");
      if (message.isTextual()) return message.asText();
      if (message.isContainerNode()) return message.toString();
      if (node.path("error").isTextual()) {
        String description = node.path("error_description").asText("");
        return node.path("error").asText() + (description.isBlank() ? "" : ": " + description);
      }
      return body.isBlank() ? "HTTP " + code : body.strip();
    }

    /** OAuth's {@code error} code ({@code invalid_token}, {@code insufficient_scope}), or empty. */
    String oauthError() {
      return json().path("error").asText("");
    }
  }

  /**
   * Sends the request. Ok for every answered request except 429 and 5xx; {@code idempotent} says
   * whether a 5xx or an I/O failure may be retried (a POST that may have taken effect is not,
   * except on 503 and refused connections, where GitLab did nothing).
   */
  ProviderResult<Reply> send(
      Secret token, String method, HttpUrl url, JsonNode body, boolean idempotent) {
    HttpUrl at = url;
    for (int hop = 0; ; hop++) {
      ProviderResult<Reply> sent = sendOnce(token, method, at, body, idempotent);
      if (!sent.isOk() || !sent.value().redirect() || !"GET".equals(method)) return sent;
      // a moved project answers GET by its old path with 301 to /projects/<id> (provider-facts 4.6)
      HttpUrl next = at.resolve(sent.value().location());
      if (next == null || hop >= MAX_REDIRECTS || !sameOrigin(apiBase, next)) {
        return ProviderResult.failed(
            FailureReason.PROVIDER_UNAVAILABLE,
            "GitLab redirected too often or to another host; not following");
      }
      at = next;
    }
  }

  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme())
        && a.host().equalsIgnoreCase(b.host())
        && a.port() == b.port();
  }

  private ProviderResult<Reply> sendOnce(
      Secret token, String method, HttpUrl url, JsonNode body, boolean idempotent) {
    Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
    authorize(request, token);
    RequestBody payload = body == null ? null : RequestBody.create(body.toString(), JSON);
    if (payload == null && ("POST".equals(method) || "PUT".equals(method))) {
      payload = RequestBody.create("", JSON);
    }
    request.method(method, payload);
    String what = method + " " + url.encodedPath();
    for (int attempt = 1; ; attempt++) {
      boolean mayRetry = attempt < maxAttempts;
      try (Response response = client.newCall(request.build()).execute()) {
        budgets.record(token, response.headers());
        int code = response.code();
        if (code == 429) return rateLimited(response, token);
        if (code >= 500) {
          if (mayRetry && (idempotent || code == 503) && pause(attempt)) continue;
          LOG.warn("GitLab {} answered {} after {} attempt(s)", what, code, attempt);
          return ProviderResult.failed(
              FailureReason.PROVIDER_UNAVAILABLE, "GitLab answered " + code);
        }
        ResponseBody rb = response.body();
        String text = rb == null ? "" : rb.string();
        String next = response.header("X-Next-Page", "");
        if (next.isBlank()) next = nextFromLink(response.header("Link"));
        return ProviderResult.ok(new Reply(code, text, next, response.header("Location", "")));
      } catch (IOException e) {
        boolean refused = e instanceof ConnectException;
        if (mayRetry && (idempotent || refused) && pause(attempt)) continue;
        LOG.warn(
            "GitLab {} failed after {} attempt(s): {}",
            what,
            attempt,
            e.getClass().getSimpleName());
        return ProviderResult.failed(
            FailureReason.PROVIDER_UNAVAILABLE,
            "GitLab unreachable: " + e.getClass().getSimpleName());
      }
    }
  }

  /**
   * {@code glpat-} tokens (personal, project and group access tokens) go in {@code PRIVATE-TOKEN};
   * everything else is an OAuth token and goes in {@code Authorization: Bearer}. GitLab accepts
   * access tokens as Bearer too, so an unprefixed legacy personal token still works.
   */
  static void authorize(Request.Builder request, Secret token) {
    String value = token.reveal();
    if (value.startsWith("glpat-")) {
      request.header("PRIVATE-TOKEN", value);
    } else {
      request.header("Authorization", "Bearer " + value);
    }
  }

  private ProviderResult<Reply> rateLimited(Response response, Secret token) {
    Instant now = clock.instant();
    Instant retryAt = retryAfter(response.header("Retry-After"), now);
    if (retryAt == null) retryAt = epochSeconds(response.header("RateLimit-Reset"));
    if (retryAt == null || !retryAt.isAfter(now)) retryAt = now.plus(DEFAULT_RETRY_AFTER);
    String detail;
    try {
      ResponseBody rb = response.body();
      detail = rb == null ? "" : rb.string().strip();
    } catch (IOException e) {
      detail = "";
    }
    String message =
        "GitLab rate limit" + (detail.isEmpty() ? "" : ": " + Redaction.scrub(detail, token));
    return ProviderResult.failed(new ProviderFailure(FailureReason.RATE_LIMITED, message, retryAt));
  }

  private static Instant retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) return null;
    try {
      return now.plusSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException notSeconds) {
      try {
        return ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private static Instant epochSeconds(String header) {
    if (header == null || header.isBlank()) return null;
    try {
      // whole seconds: the window ends within that second, so retry once it is over (as
      // RateBudgets)
      return Instant.ofEpochSecond(Long.parseLong(header.trim()) + 1L);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The {@code page} of the {@code rel="next"} Link, for servers that omit {@code X-Next-Page}. */
  static String nextFromLink(String link) {
    if (link == null) return "";
    for (String part : link.split(",")) {
      if (!part.contains("rel=\"next\"")) continue;
      int start = part.indexOf('<');
      int end = part.indexOf('>');
      if (start < 0 || end < start) continue;
      HttpUrl next = HttpUrl.parse(part.substring(start + 1, end));
      String page = next == null ? null : next.queryParameter("page");
      if (page != null) return page;
    }
    return "";
  }

  /** Waits before the next attempt; false when interrupted, which ends the retries. */
  private boolean pause(int attempt) {
    long millis = backoff.toMillis() * (1L << Math.min(attempt - 1, 6));
    if (millis <= 0) return true;
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
