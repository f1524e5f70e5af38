package dev.hookkeeper.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.FailureReason;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a GitHub error answer into the core's failure reasons (docs/providers/github.md). */
final class GitHubErrorMapper {
  /** What a 404 on the request means when scopes are not the explanation. */
  enum Target {
    USER,
    REPOSITORY,
    HOOK,
    RUN
  }

  private static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(60);

  private final ObjectMapper json;
  private final java.time.InstantSource clock;

  GitHubErrorMapper(ObjectMapper json, java.time.InstantSource clock) {
    this.json = json;
    this.clock = clock;
  }

  GitHubCallException map(ApiResponse r, Target target) {
    int code = r.code();
    String message = githubMessage(r);
    if (code == 401) {
      return new GitHubCallException(
          FailureReason.TOKEN_INVALID, "GitHub rejected the token (401 " + message + ")");
    }
    if (code == 403 || code == 429) {
      Instant retryAt = rateLimitRetryAt(r, message);
      if (retryAt != null) {
        return GitHubCallException.rateLimited(
            "GitHub rate limit (" + code + " " + message + ")", retryAt);
      }
    }
    if (code == 403 || code == 404) {
      if (OAuthScopes.lacksAcceptedScope(r)) {
        return new GitHubCallException(
            FailureReason.TOKEN_SCOPE_MISSING,
            "token scopes ["
                + nullToEmpty(r.header("X-OAuth-Scopes"))
                + "] include none of the accepted ["
                + r.header("X-Accepted-OAuth-Scopes")
                + "] (GitHub answered "
                + code
                + ")");
      }
      if (code == 403) {
        return new GitHubCallException(
            FailureReason.INSUFFICIENT_PERMISSIONS, "GitHub refused (403 " + message + ")");
      }
      FailureReason reason =
          target == Target.HOOK
              ? FailureReason.HOOK_NOT_FOUND
              : target == Target.RUN
                  ? FailureReason.RUN_NOT_FOUND
                  : FailureReason.REPOSITORY_NOT_FOUND;
      return new GitHubCallException(reason, "GitHub answered 404 " + message);
    }
    if (code == 422 || code == 400) {
      List<String> errors = errorMessages(r);
      String joined = errors.isEmpty() ? message : message + ": " + String.join("; ", errors);
      for (String e : errors) {
        if (e.contains("Hook already exists"))
          return new GitHubCallException(FailureReason.HOOK_ALREADY_EXISTS, joined);
      }
      for (String e : errors) {
        if (e.contains("cannot have more than"))
          return new GitHubCallException(FailureReason.HOOK_LIMIT_REACHED, joined);
      }
      return new GitHubCallException(
          FailureReason.INVALID_HOOK_CONFIG, "GitHub answered " + code + " " + joined);
    }
    return new GitHubCallException(
        FailureReason.PROVIDER_UNAVAILABLE, "unexpected GitHub answer " + code + " " + message);
  }

  /** When GitHub says we are rate limited, the time to try again; otherwise {@code null}. */
  private Instant rateLimitRetryAt(ApiResponse r, String message) {
    Instant now = clock.instant();
    String retryAfter = r.header("Retry-After");
    if (retryAfter != null) {
      Instant at = parseRetryAfter(retryAfter.trim(), now);
      if (at != null) return at;
    }
    if ("0".equals(trimmed(r.header("X-RateLimit-Remaining")))) {
      try {
        // whole seconds: the window ends within that second, so retry once it is over (as
        // RateBudgets)
        return Instant.ofEpochSecond(Long.parseLong(trimmed(r.header("X-RateLimit-Reset"))) + 1L);
      } catch (NumberFormatException | NullPointerException e) {
        return now.plus(DEFAULT_RATE_LIMIT_WAIT);
      }
    }
    // secondary limits sometimes come without either header; GitHub says wait at least a minute
    if (r.code() == 429 || message.toLowerCase(Locale.ROOT).contains("rate limit")) {
      return now.plus(DEFAULT_RATE_LIMIT_WAIT);
    }
    return null;
  }

  private static Instant parseRetryAfter(String value, Instant now) {
    try {
      return now.plusSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException e) {
      try {
        return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
  }

  private String githubMessage(ApiResponse r) {
    JsonNode node = tree(r);
    String m = node == null ? null : node.path("message").asText(null);
    return m == null || m.isBlank() ? "(no message)" : m;
  }

  private List<String> errorMessages(ApiResponse r) {
    List<String> out = new ArrayList<>();
    JsonNode node = tree(r);
    if (node == null) return out;
    for (JsonNode e : node.path("errors")) {
      if (e.isTextual()) {
        out.add(e.asText());
      } else if (e.hasNonNull("message")) {
        out.add(e.get("message").asText());
      } else if (e.hasNonNull("code")) {
        out.add(e.path("field").asText("?") + " " + e.get("code").asText());
      }
    }
    return out;
  }

  private JsonNode tree(ApiResponse r) {
    if (r.body().length == 0) return null;
    try {
      return json.readTree(r.body());
    } catch (IOException e) {
      return null;
    }
  }

  private static String trimmed(String s) {
    return s == null ? null : s.trim();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
