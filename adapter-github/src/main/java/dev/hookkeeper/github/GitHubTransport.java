package dev.hookkeeper.github;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Secret;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one logical API request: GitHub's headers, the token, redirects followed verbatim on the
 * same host (renamed repositories answer 301/307), 5xx and I/O failures retried a bounded number
 * of times with exponential backoff. 4xx answers are returned for the caller to map.
 */
final class GitHubTransport {
  private static final Logger log = LoggerFactory.getLogger(GitHubTransport.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int MAX_REDIRECTS = 5;
  static final String API_VERSION = "2022-11-28";
  static final String USER_AGENT = "Hookkeeper/0.1 (+https://github.com/hookkeeper)";

  private final OkHttpClient http;
  private final int maxAttempts;
  private final Duration backoff;
  private final TokenGates gates;
  private final RateBudgets budgets;

  GitHubTransport(OkHttpClient shared, GitHubHooksClient.Settings settings, RateBudgets budgets) {
    // Redirects are followed by hand: OkHttp turns a POST answered with 301 into a GET, and GitHub
    // says a redirected request must be repeated verbatim.
    this.http = shared.newBuilder().followRedirects(false).followSslRedirects(false).build();
    this.maxAttempts = settings.maxAttempts();
    this.backoff = settings.backoff();
    this.gates = new TokenGates(settings.mutationSpacing());
    this.budgets = budgets;
  }

  ApiResponse get(Secret token, okhttp3.HttpUrl url) throws GitHubCallException {
    return send(token, "GET", url, null);
  }

  /** POST, PATCH and DELETE: one at a time per token, spaced as GitHub asks. */
  ApiResponse mutate(Secret token, String method, okhttp3.HttpUrl url, String jsonBody)
      throws GitHubCallException {
    return gates.exclusively(token, () -> send(token, method, url, jsonBody));
  }

  private ApiResponse send(Secret token, String method, okhttp3.HttpUrl url, String jsonBody)
      throws GitHubCallException {
    String lastProblem = "no attempt made";
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) sleepNanos(backoff.toNanos() << Math.min(attempt - 2, 10));
      try {
        ApiResponse response = followingRedirects(token, method, url, jsonBody);
        if (response.code() < 500) return response;
        lastProblem = "GitHub answered HTTP " + response.code();
      } catch (IOException e) {
        lastProblem = "GitHub could not be reached (" + e.getClass().getSimpleName() + ")";
      }
      log.debug("github {} {} attempt {}/{} failed: {}", method, url.encodedPath(), attempt, maxAttempts, lastProblem);
    }
    throw new GitHubCallException(
        FailureReason.PROVIDER_UNAVAILABLE, lastProblem + " after " + maxAttempts + " attempt(s)");
  }

  private ApiResponse followingRedirects(Secret token, String method, okhttp3.HttpUrl start, String jsonBody)
      throws IOException, GitHubCallException {
    okhttp3.HttpUrl url = start;
    for (int hop = 0; ; hop++) {
      ApiResponse response = execute(token, method, url, jsonBody);
      int code = response.code();
      boolean redirect = code == 301 || code == 302 || code == 307 || code == 308;
      String location = response.header("Location");
      if (!redirect || location == null) return response;
      okhttp3.HttpUrl next = url.resolve(location);
      if (next == null || hop >= MAX_REDIRECTS) {
        throw new GitHubCallException(FailureReason.PROVIDER_UNAVAILABLE, "GitHub redirected too often or to an invalid location");
      }
      if (!sameOrigin(start, next)) {
        // the token must never travel to another host
        throw new GitHubCallException(
            FailureReason.PROVIDER_UNAVAILABLE, "GitHub redirected to another host (" + next.host() + "); not following");
      }
      log.debug("github {} {} redirected ({}) to {}", method, url.encodedPath(), code, next.encodedPath());
      url = next;
    }
  }

  private ApiResponse execute(Secret token, String method, okhttp3.HttpUrl url, String jsonBody) throws IOException {
    RequestBody body = jsonBody == null ? null : RequestBody.create(jsonBody, JSON);
    if (body == null && !"GET".equals(method) && !"DELETE".equals(method)) body = RequestBody.create("", JSON);
    Request request =
        new Request.Builder()
            .url(url)
            .method(method, body)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", API_VERSION)
            .header("Authorization", "Bearer " + token.reveal())
            .header("User-Agent", USER_AGENT)
            .build();
    try (Response response = http.newCall(request).execute()) {
      budgets.record(token, response.headers());
      return new ApiResponse(response.code(), response.headers(), response.body().bytes(), url);
    }
  }

  static boolean sameOrigin(okhttp3.HttpUrl a, okhttp3.HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
  }

  static void sleepNanos(long nanos) throws GitHubCallException {
    if (nanos <= 0) return;
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitHubCallException(FailureReason.PROVIDER_UNAVAILABLE, "interrupted while waiting to call GitHub");
    }
  }
}
