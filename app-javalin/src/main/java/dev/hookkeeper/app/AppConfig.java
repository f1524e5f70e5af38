package dev.hookkeeper.app;

import dev.hookkeeper.app.http.Cidr;
import dev.hookkeeper.core.usecase.RetentionPolicy;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The server's configuration, read once from environment variables and validated as a whole: every
 * problem is reported, one line each, instead of failing on the first.
 *
 * @param host the interface to listen on ({@code 0.0.0.0} for all)
 * @param databaseUrl JDBC or {@code postgres://} URL; {@code null} means the embedded database
 * @param webhookBaseUrl public base URL the providers call; {@code null} means {@code
 *     http://127.0.0.1:<port>} (only reachable locally)
 * @param encryptionKey base64 of 32 bytes; {@code null} only with the embedded database (then a key
 *     file in the data directory is used)
 * @param previousEncryptionKeys keys from before a rotation, still accepted for decryption (new
 *     values are encrypted with {@code encryptionKey}); empty when none
 * @param adminToken {@code null} means one is generated on first start and printed once
 * @param retention how long delivery bodies, notifications and workflow runs are kept
 * @param signIn the OAuth applications users sign in with, and the session lifetime
 * @param healing the reconciler's intervals and secret lifetimes
 */
public record AppConfig(
    String host,
    int port,
    String databaseUrl,
    Path dataDir,
    String webhookBaseUrl,
    String encryptionKey,
    List<String> previousEncryptionKeys,
    String adminToken,
    String githubApiUrl,
    String gitlabUrl,
    List<String> githubEvents,
    List<String> gitlabEvents,
    String logFormat,
    RetentionPolicy retention,
    ClusterSettings cluster,
    SignInConfig signIn,
    HealingConfig healing) {

  public static final List<String> DEFAULT_GITHUB_EVENTS =
      List.of("workflow_run", "workflow_job", "pull_request", "push", "repository", "meta");
  public static final List<String> DEFAULT_GITLAB_EVENTS =
      List.of(
          "pipeline_events",
          "job_events",
          "merge_requests_events",
          "push_events",
          "tag_push_events");

  /** More than this only queues inside PostgreSQL: processors claim repositories, not cores. */
  static final int MAX_PROCESSORS = 64;

  private static final Pattern EVENT_NAME = Pattern.compile("[a-z][a-z_]*");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  public AppConfig {
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(dataDir, "dataDir == null");
    Objects.requireNonNull(githubApiUrl, "githubApiUrl == null");
    Objects.requireNonNull(gitlabUrl, "gitlabUrl == null");
    Objects.requireNonNull(logFormat, "logFormat == null");
    Objects.requireNonNull(retention, "retention == null");
    Objects.requireNonNull(cluster, "cluster == null");
    Objects.requireNonNull(signIn, "signIn == null");
    Objects.requireNonNull(healing, "healing == null");
    previousEncryptionKeys = List.copyOf(previousEncryptionKeys);
    githubEvents = List.copyOf(githubEvents);
    gitlabEvents = List.copyOf(gitlabEvents);
  }

  /** Without sign-in with a provider (API tokens only), with the default self-healing settings. */
  public AppConfig(
      String host,
      int port,
      String databaseUrl,
      Path dataDir,
      String webhookBaseUrl,
      String encryptionKey,
      List<String> previousEncryptionKeys,
      String adminToken,
      String githubApiUrl,
      String gitlabUrl,
      List<String> githubEvents,
      List<String> gitlabEvents,
      String logFormat,
      RetentionPolicy retention,
      ClusterSettings cluster) {
    this(
        host,
        port,
        databaseUrl,
        dataDir,
        webhookBaseUrl,
        encryptionKey,
        previousEncryptionKeys,
        adminToken,
        githubApiUrl,
        gitlabUrl,
        githubEvents,
        gitlabEvents,
        logFormat,
        retention,
        cluster,
        SignInConfig.NONE,
        HealingConfig.DEFAULTS);
  }

  /**
   * The reconciler's interval ({@code HOOKKEEPER_RECONCILE_INTERVAL}), how long a rotated secret is
   * still accepted ({@code HOOKKEEPER_SECRET_GRACE}), the age at which secrets are rotated ({@code
   * HOOKKEEPER_SECRET_MAX_AGE}; zero: never) and how long a hook may stay quiet while its
   * repository has runs ({@code HOOKKEEPER_QUIET_AFTER}).
   */
  public record HealingConfig(
      Duration reconcileInterval,
      Duration secretGrace,
      Duration secretMaxAge,
      Duration quietAfter) {
    public static final HealingConfig DEFAULTS =
        new HealingConfig(
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ZERO, Duration.ofHours(24));

    public HealingConfig {
      Objects.requireNonNull(reconcileInterval, "reconcileInterval == null");
      Objects.requireNonNull(secretGrace, "secretGrace == null");
      Objects.requireNonNull(secretMaxAge, "secretMaxAge == null");
      Objects.requireNonNull(quietAfter, "quietAfter == null");
    }
  }

  public AppConfig withSignIn(SignInConfig newSignIn) {
    return new AppConfig(
        host,
        port,
        databaseUrl,
        dataDir,
        webhookBaseUrl,
        encryptionKey,
        previousEncryptionKeys,
        adminToken,
        githubApiUrl,
        gitlabUrl,
        githubEvents,
        gitlabEvents,
        logFormat,
        retention,
        cluster,
        newSignIn,
        healing);
  }

  public AppConfig withHealing(HealingConfig newHealing) {
    return new AppConfig(
        host,
        port,
        databaseUrl,
        dataDir,
        webhookBaseUrl,
        encryptionKey,
        previousEncryptionKeys,
        adminToken,
        githubApiUrl,
        gitlabUrl,
        githubEvents,
        gitlabEvents,
        logFormat,
        retention,
        cluster,
        signIn,
        newHealing);
  }

  public AppConfig withWebhookBaseUrl(String newWebhookBaseUrl) {
    return new AppConfig(
        host,
        port,
        databaseUrl,
        dataDir,
        newWebhookBaseUrl,
        encryptionKey,
        previousEncryptionKeys,
        adminToken,
        githubApiUrl,
        gitlabUrl,
        githubEvents,
        gitlabEvents,
        logFormat,
        retention,
        cluster,
        signIn,
        healing);
  }

  /** Session cookies are {@code Secure} whenever the public URL is https. */
  public boolean secureCookies() {
    return webhookBaseUrl != null && webhookBaseUrl.startsWith("https://");
  }

  public boolean embeddedDatabase() {
    return databaseUrl == null;
  }

  /** The base URL the providers call, stripped of a trailing slash. */
  public String effectiveWebhookBaseUrl(int boundPort) {
    String base = webhookBaseUrl != null ? webhookBaseUrl : "http://127.0.0.1:" + boundPort;
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  public AppConfig withPort(int newPort) {
    return new AppConfig(
        host,
        newPort,
        databaseUrl,
        dataDir,
        webhookBaseUrl,
        encryptionKey,
        previousEncryptionKeys,
        adminToken,
        githubApiUrl,
        gitlabUrl,
        githubEvents,
        gitlabEvents,
        logFormat,
        retention,
        cluster,
        signIn,
        healing);
  }

  public AppConfig withProviderUrls(String newGithubApiUrl, String newGitlabUrl) {
    return new AppConfig(
        host,
        port,
        databaseUrl,
        dataDir,
        webhookBaseUrl,
        encryptionKey,
        previousEncryptionKeys,
        adminToken,
        newGithubApiUrl,
        newGitlabUrl,
        githubEvents,
        gitlabEvents,
        logFormat,
        retention,
        cluster,
        signIn,
        healing);
  }

  /** Reads and validates {@code env}; throws with every problem found. */
  public static AppConfig fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Reader r = new Reader(env, problems);
    String host = r.string("HOST", "0.0.0.0");
    int port = r.integer("PORT", 8080, 0, 65535);
    String databaseUrl = r.string("DATABASE_URL", null);
    if (databaseUrl != null
        && !(databaseUrl.startsWith("jdbc:postgresql:")
            || databaseUrl.startsWith("postgres://")
            || databaseUrl.startsWith("postgresql://"))) {
      problems.add("DATABASE_URL must be a jdbc:postgresql: or postgres:// URL");
    }
    Path dataDir = r.path("HOOKKEEPER_DATA_DIR", "./hookkeeper-data");
    String baseUrl = r.url("WEBHOOK_BASE_URL", null);
    String key = r.key("WEBHOOK_SECRET_ENCRYPTION_KEY");
    List<String> previousKeys = r.keys("WEBHOOK_SECRET_ENCRYPTION_KEYS_PREVIOUS");
    if (databaseUrl != null && r.string("WEBHOOK_SECRET_ENCRYPTION_KEY", null) == null) {
      problems.add(
          "WEBHOOK_SECRET_ENCRYPTION_KEY is required when DATABASE_URL is set"
              + " (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
    }
    String adminToken = r.string("HOOKKEEPER_ADMIN_TOKEN", null);
    if (adminToken != null && adminToken.length() < 16) {
      problems.add("HOOKKEEPER_ADMIN_TOKEN must be at least 16 characters");
    }
    String githubApiUrl = r.url("GITHUB_API_URL", "https://api.github.com");
    String gitlabUrl = r.url("GITLAB_URL", "https://gitlab.com");
    List<String> githubEvents = r.events("WEBHOOK_EVENTS_GITHUB", DEFAULT_GITHUB_EVENTS);
    List<String> gitlabEvents = r.events("WEBHOOK_EVENTS_GITLAB", DEFAULT_GITLAB_EVENTS);
    String logFormat = r.string("LOG_FORMAT", "text").toLowerCase(Locale.ROOT);
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      problems.add("LOG_FORMAT must be text or json, got '" + logFormat + "'");
    }
    RetentionPolicy defaults = RetentionPolicy.DEFAULTS;
    RetentionPolicy retention =
        new RetentionPolicy(
            r.days("DELIVERY_BODY_RETENTION_DAYS", defaults.deliveryBodies()),
            r.days("NOTIFICATION_RETENTION_DAYS", defaults.notifications()),
            r.days("RUN_RETENTION_DAYS", defaults.runs()));
    String listenUrl = r.string("DATABASE_LISTEN_URL", null);
    if (listenUrl != null
        && !(listenUrl.startsWith("jdbc:postgresql:")
            || listenUrl.startsWith("postgres://")
            || listenUrl.startsWith("postgresql://"))) {
      problems.add("DATABASE_LISTEN_URL must be a jdbc:postgresql: or postgres:// URL");
    }
    if (listenUrl != null && databaseUrl == null) {
      problems.add(
          "DATABASE_LISTEN_URL needs DATABASE_URL (the embedded database listens on its own)");
    }
    List<Cidr> proxies = r.cidrs("TRUSTED_PROXIES");
    Duration grace =
        r.duration("HOOKKEEPER_SHUTDOWN_GRACE", Duration.ofSeconds(5), Duration.ofSeconds(25));
    Duration cleanups =
        r.duration("HOOKKEEPER_CLEANUP_INTERVAL", Duration.ofMinutes(1), Duration.ofDays(1));
    if (cleanups.toMillis() < 1_000)
      problems.add("HOOKKEEPER_CLEANUP_INTERVAL must be at least 1s");
    int processors =
        r.integer("HOOKKEEPER_PROCESSORS", ClusterSettings.DEFAULT_PROCESSORS, 0, MAX_PROCESSORS);
    String githubWebUrl = r.url("GITHUB_URL", "https://github.com");
    SignInConfig signIn = SignInConfig.fromEnv(env, problems, githubWebUrl);
    HealingConfig d = HealingConfig.DEFAULTS;
    HealingConfig healing =
        new HealingConfig(
            r.duration(
                "HOOKKEEPER_RECONCILE_INTERVAL",
                d.reconcileInterval(),
                Duration.ofSeconds(1),
                false),
            r.duration("HOOKKEEPER_SECRET_GRACE", d.secretGrace(), Duration.ZERO, false),
            r.duration("HOOKKEEPER_SECRET_MAX_AGE", d.secretMaxAge(), Duration.ofSeconds(1), true),
            r.duration("HOOKKEEPER_QUIET_AFTER", d.quietAfter(), Duration.ofSeconds(1), false));
    if (!problems.isEmpty()) throw new InvalidConfigException(problems);
    return new AppConfig(
        host,
        port,
        databaseUrl,
        dataDir,
        baseUrl,
        key,
        previousKeys,
        adminToken,
        githubApiUrl,
        gitlabUrl,
        githubEvents,
        gitlabEvents,
        logFormat,
        retention,
        new ClusterSettings(
            listenUrl,
            proxies,
            grace,
            cleanups.toMillis() < 1_000 ? Duration.ofMinutes(1) : cleanups,
            processors),
        signIn,
        healing);
  }

  /** Warnings that do not stop the server (a plain-http public URL). */
  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    if (webhookBaseUrl == null) {
      warnings.add(
          "WEBHOOK_BASE_URL is not set: providers can only reach this server at 127.0.0.1;"
              + " set it to the public https URL (see docs/operations.md for tunnels)");
    } else if (!webhookBaseUrl.startsWith("https://")) {
      warnings.add(
          "WEBHOOK_BASE_URL is not https: GitHub and GitLab will send secrets and payloads in clear text");
    }
    return warnings;
  }

  @Override
  public String toString() {
    return "AppConfig[host="
        + host
        + ", port="
        + port
        + ", database="
        + (databaseUrl == null ? "embedded" : "external")
        + ", dataDir="
        + dataDir
        + ", webhookBaseUrl="
        + webhookBaseUrl
        + ", githubApiUrl="
        + githubApiUrl
        + ", gitlabUrl="
        + gitlabUrl
        + ", githubEvents="
        + githubEvents
        + ", gitlabEvents="
        + gitlabEvents
        + ", logFormat="
        + logFormat
        + ", processors="
        + cluster.processors()
        + ", signIn="
        + signIn
        + ", healing="
        + healing
        + "]";
  }

  /** Reads one variable at a time, collecting problems. */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> problems;

    Reader(Map<String, String> env, List<String> problems) {
      this.env = env;
      this.problems = problems;
    }

    String string(String name, String fallback) {
      String v = env.get(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    int integer(String name, int fallback, int min, int max) {
      String v = string(name, null);
      if (v == null) return fallback;
      try {
        int n = Integer.parseInt(v);
        if (n >= min && n <= max) return n;
      } catch (NumberFormatException e) {
        // reported below
      }
      problems.add(
          name + " must be an integer between " + min + " and " + max + ", got '" + v + "'");
      return fallback;
    }

    /** A retention period in whole days, 1 to 3650. */
    Duration days(String name, Duration fallback) {
      return Duration.ofDays(integer(name, (int) fallback.toDays(), 1, 3650));
    }

    Path path(String name, String fallback) {
      String v = string(name, fallback);
      try {
        return Path.of(v);
      } catch (InvalidPathException e) {
        problems.add(name + " is not a valid path: " + e.getMessage());
        return Path.of(fallback);
      }
    }

    String url(String name, String fallback) {
      String v = string(name, null);
      if (v == null) return fallback;
      try {
        URI uri = new URI(v);
        String scheme = uri.getScheme();
        if (("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null) return v;
      } catch (java.net.URISyntaxException e) {
        // reported below
      }
      problems.add(name + " must be an http(s) URL with a host, got '" + v + "'");
      return fallback;
    }

    /** A base64 AES-256 key; the value itself is never echoed. */
    String key(String name) {
      String v = string(name, null);
      if (v == null) return null;
      try {
        if (Base64.getDecoder().decode(v).length == 32) return v;
      } catch (IllegalArgumentException e) {
        // reported below
      }
      problems.add(name + " must be base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`)");
      return null;
    }

    /** A comma-separated list of keys, each base64 of 32 bytes; empty when unset. */
    List<String> keys(String name) {
      String v = string(name, null);
      if (v == null) return List.of();
      List<String> keys = new ArrayList<>();
      String[] parts = v.split(",");
      for (int i = 0; i < parts.length; i++) {
        String k = parts[i].trim();
        if (isKey(k)) {
          keys.add(k);
        } else {
          problems.add(name + " entry #" + (i + 1) + " must be base64 of exactly 32 bytes");
        }
      }
      return keys;
    }

    private static boolean isKey(String v) {
      try {
        return Base64.getDecoder().decode(v).length == 32;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    /**
     * A duration such as {@code 500ms}, {@code 5s}, {@code 15m}, {@code 1h} or {@code 90d}; with
     * {@code offAllowed}, {@code off} or {@code 0} means {@link Duration#ZERO} (never).
     */
    Duration duration(String name, Duration fallback, Duration min, boolean offAllowed) {
      String v = string(name, null);
      if (v == null) return fallback;
      String lower = v.toLowerCase(Locale.ROOT);
      if (offAllowed && (lower.equals("off") || lower.equals("0"))) return Duration.ZERO;
      java.util.regex.Matcher m = DURATION.matcher(lower);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        Duration d =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
        if (d.compareTo(min) >= 0 && d.compareTo(Duration.ofDays(3650)) <= 0) return d;
      }
      problems.add(
          name
              + " must be a duration like 5s, 15m, 1h or 90d"
              + (offAllowed ? " (or off)" : "")
              + ", at least "
              + min.toString().substring(2).toLowerCase(Locale.ROOT)
              + ", got '"
              + v
              + "'");
      return fallback;
    }

    /**
     * A comma-separated list of IP addresses or blocks ({@code 10.0.0.0/8, fd00::/8}); empty when
     * unset.
     */
    List<Cidr> cidrs(String name) {
      String v = string(name, null);
      if (v == null) return List.of();
      List<Cidr> out = new ArrayList<>();
      for (String part : v.split(",")) {
        if (part.isBlank()) continue;
        try {
          out.add(Cidr.parse(part));
        } catch (IllegalArgumentException e) {
          problems.add(
              name + " must list IP addresses or blocks like 10.0.0.0/8: " + e.getMessage());
        }
      }
      return out;
    }

    /** A duration like {@code 5s}, {@code 500ms}, {@code 2m}, at most {@code max}. */
    Duration duration(String name, Duration fallback, Duration max) {
      String v = string(name, null);
      if (v == null) return fallback;
      java.util.regex.Matcher m = DURATION.matcher(v);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        Duration d =
            unit.equals("ms")
                ? Duration.ofMillis(n)
                : unit.equals("s")
                    ? Duration.ofSeconds(n)
                    : unit.equals("m")
                        ? Duration.ofMinutes(n)
                        : unit.equals("h") ? Duration.ofHours(n) : Duration.ofDays(n);
        if (d.compareTo(max) <= 0) return d;
      }
      problems.add(
          name
              + " must be a duration like 5s, 500ms or 2m, at most "
              + max.toSeconds()
              + "s, got '"
              + v
              + "'");
      return fallback;
    }

    List<String> events(String name, List<String> fallback) {
      String v = string(name, null);
      if (v == null) return fallback;
      List<String> events =
          Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      List<String> bad = events.stream().filter(e -> !EVENT_NAME.matcher(e).matches()).toList();
      if (events.isEmpty() || !bad.isEmpty()) {
        problems.add(
            name
                + " must be a comma-separated list of event names like workflow_run, got '"
                + v
                + "'");
        return fallback;
      }
      return events;
    }
  }
}
