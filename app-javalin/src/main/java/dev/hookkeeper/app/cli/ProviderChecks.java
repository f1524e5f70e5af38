package dev.hookkeeper.app.cli;

import dev.hookkeeper.app.AppConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The provider APIs at the configured URLs, asked anonymously what any client may ask: GitHub
 * {@code GET /user} (401 without a token, as api.github.com answers), GitLab {@code GET
 * /api/v4/version} (401 without a token). A JSON answer of 200, 401 or 403 (a rate limit) proves
 * the URL is the provider's API; a refused connection, a time-out, a 5xx, a 404 or an HTML page
 * does not.
 */
final class ProviderChecks {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private ProviderChecks() {}

  static List<Check> run(AppConfig config) {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .callTimeout(TIMEOUT)
            .connectTimeout(TIMEOUT)
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .build();
    try {
      return List.of(
          probe(client, "GitHub API", "GITHUB_API_URL", config.githubApiUrl(), "user"),
          probe(client, "GitLab API", "GITLAB_URL", config.gitlabUrl(), "api/v4/version"));
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private static Check probe(
      OkHttpClient client, String name, String setting, String base, String path) {
    HttpUrl baseUrl = HttpUrl.parse(base.endsWith("/") ? base : base + "/");
    if (baseUrl == null) return Check.fail(name, setting + " " + base + " is not an http(s) URL");
    HttpUrl url = baseUrl.resolve(path);
    Request request =
        new Request.Builder()
            .url(url)
            .header("Accept", "application/json")
            .header("User-Agent", "Hookkeeper-doctor")
            .build();
    long start = System.nanoTime();
    try (Response response = client.newCall(request).execute()) {
      long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
      String type = response.header("Content-Type", "");
      boolean json = type.toLowerCase(Locale.ROOT).contains("json");
      int code = response.code();
      String seen = "GET " + url + " answered " + code + " in " + ms + " ms";
      if (json && (code == 200 || code == 401 || code == 403)) return Check.ok(name, seen);
      return Check.fail(
          name,
          seen
              + (json ? "" : " (" + (type.isEmpty() ? "no content type" : type) + ")")
              + ": is "
              + setting
              + " the API's base URL?");
    } catch (IOException e) {
      return Check.fail(
          name,
          "GET "
              + url
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }
}
