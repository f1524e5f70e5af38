package dev.hookkeeper.app;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signing in with a provider: the OAuth applications (a provider without a client id offers no sign-in
 * button) and how long a browser stays signed in.
 *
 * @param githubWebUrl GitHub's web host, where its authorize page lives ({@code https://github.com}, or
 *     {@code https://HOST} for GitHub Enterprise Server)
 * @param github {@code null} when no GitHub OAuth App is configured
 * @param gitlab {@code null} when no GitLab application is configured (GitLab's host is {@code GITLAB_URL})
 */
public record SignInConfig(String githubWebUrl, OAuthApp github, OAuthApp gitlab, Duration sessionTtl) {
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofDays(7);
  public static final SignInConfig NONE = new SignInConfig("https://github.com", null, null, DEFAULT_SESSION_TTL);
  private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,6})([smhd])");

  public SignInConfig {
    Objects.requireNonNull(githubWebUrl, "githubWebUrl == null");
    Objects.requireNonNull(sessionTtl, "sessionTtl == null");
  }

  /** A registered OAuth application's credentials; {@link #toString()} never shows the secret. */
  public record OAuthApp(String clientId, String clientSecret) {
    public OAuthApp {
      Objects.requireNonNull(clientId, "clientId == null");
      Objects.requireNonNull(clientSecret, "clientSecret == null");
    }

    @Override
    public String toString() {
      return "OAuthApp[clientId=" + clientId + ", clientSecret=[redacted]]";
    }
  }

  public SignInConfig withApps(String newGithubWebUrl, OAuthApp newGithub, OAuthApp newGitlab) {
    return new SignInConfig(newGithubWebUrl, newGithub, newGitlab, sessionTtl);
  }

  /**
   * Reads {@code GITHUB_URL}, {@code GITHUB_OAUTH_CLIENT_ID}/{@code _SECRET}, {@code
   * GITLAB_OAUTH_CLIENT_ID}/{@code _SECRET} and {@code HOOKKEEPER_SESSION_TTL}; adds one line per
   * problem (a client id without its secret or the other way round, a malformed duration).
   */
  static SignInConfig fromEnv(Map<String, String> env, List<String> problems, String githubWebUrl) {
    OAuthApp github = app(env, problems, "GITHUB");
    OAuthApp gitlab = app(env, problems, "GITLAB");
    Duration ttl = DEFAULT_SESSION_TTL;
    String ttlText = value(env, "HOOKKEEPER_SESSION_TTL");
    if (ttlText != null) {
      Duration parsed = duration(ttlText);
      if (parsed == null || parsed.compareTo(Duration.ofMinutes(5)) < 0 || parsed.compareTo(Duration.ofDays(366)) > 0) {
        problems.add("HOOKKEEPER_SESSION_TTL must be a duration between 5m and 366d such as 12h or 7d, got '" + ttlText + "'");
      } else {
        ttl = parsed;
      }
    }
    return new SignInConfig(githubWebUrl, github, gitlab, ttl);
  }

  private static OAuthApp app(Map<String, String> env, List<String> problems, String provider) {
    String id = value(env, provider + "_OAUTH_CLIENT_ID");
    String secret = value(env, provider + "_OAUTH_CLIENT_SECRET");
    if (id == null && secret == null) return null;
    if (id == null || secret == null) {
      String set = id == null ? provider + "_OAUTH_CLIENT_SECRET" : provider + "_OAUTH_CLIENT_ID";
      String missing = id == null ? provider + "_OAUTH_CLIENT_ID" : provider + "_OAUTH_CLIENT_SECRET";
      problems.add(set + " is set but " + missing + " is not: set both to offer \"Sign in with "
          + (provider.equals("GITHUB") ? "GitHub" : "GitLab") + "\", or neither");
      return null;
    }
    return new OAuthApp(id, secret);
  }

  /** {@code 30m}, {@code 12h}, {@code 7d}, {@code 90s}; {@code null} when malformed. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) return null;
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "s": return Duration.ofSeconds(n);
      case "m": return Duration.ofMinutes(n);
      case "h": return Duration.ofHours(n);
      default: return Duration.ofDays(n);
    }
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
