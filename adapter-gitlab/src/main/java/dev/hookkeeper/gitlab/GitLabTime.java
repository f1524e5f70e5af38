package dev.hookkeeper.gitlab;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * GitLab timestamps. Hook payloads use {@code 2016-08-12 15:23:28 UTC} (not ISO-8601), newer
 * fields and the REST API use ISO-8601 ({@code 2016-08-12T15:23:28Z}, with or without millis or an
 * offset); both occur in one payload, so both are accepted everywhere.
 */
final class GitLabTime {
  private static final DateTimeFormatter LEGACY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter LEGACY_OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS] XX");

  private GitLabTime() {}

  /**
   * The instant in whole seconds. Hook payloads carry whole seconds, the REST API milliseconds; run
   * state compares timestamps, so a pipeline read from the API must not look newer than the same
   * pipeline's webhook by its milliseconds alone.
   */
  static Instant seconds(String text) {
    Instant t = parse(text);
    return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /** The instant, or {@code null} when {@code text} is null, blank or not a GitLab timestamp. */
  static Instant parse(String text) {
    if (text == null || text.isBlank()) return null;
    String t = text.trim();
    try {
      if (t.endsWith(" UTC")) {
        return LocalDateTime.parse(t.substring(0, t.length() - 4), LEGACY).toInstant(ZoneOffset.UTC);
      }
      if (t.indexOf('T') > 0) return OffsetDateTime.parse(t).toInstant();
      return OffsetDateTime.parse(t, LEGACY_OFFSET).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
