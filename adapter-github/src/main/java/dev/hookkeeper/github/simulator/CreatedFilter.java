package dev.hookkeeper.github.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * GitHub's search date syntax for {@code created} (provider-facts 4.3): {@code A..B}, {@code A..*},
 * {@code *..B}, {@code >=A}, {@code >A}, {@code <=A}, {@code <A}, or one date (that whole day), A
 * and B being {@code YYYY-MM-DD} or a date-time with {@code Z} or an offset. Both ends of a range
 * are inclusive.
 */
record CreatedFilter(Instant from, boolean fromInclusive, Instant to, boolean toInclusive) {

  /** The filter, or {@code null} when the value is not in the syntax. */
  static CreatedFilter parse(String value) {
    if (value == null || value.isBlank()) return new CreatedFilter(null, true, null, true);
    String v = value.trim();
    try {
      if (v.contains("..")) {
        String[] ends = v.split("\\.\\.", -1);
        if (ends.length != 2) return null;
        Instant from = ends[0].equals("*") ? null : start(ends[0]);
        Instant to = ends[1].equals("*") ? null : end(ends[1]);
        return new CreatedFilter(from, true, to, true);
      }
      if (v.startsWith(">=")) return new CreatedFilter(start(v.substring(2)), true, null, true);
      if (v.startsWith("<=")) return new CreatedFilter(null, true, end(v.substring(2)), true);
      if (v.startsWith(">")) return new CreatedFilter(end(v.substring(1)), false, null, true);
      if (v.startsWith("<")) return new CreatedFilter(null, true, start(v.substring(1)), false);
      return new CreatedFilter(start(v), true, end(v), true);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  boolean matches(Instant t) {
    if (from != null && (fromInclusive ? t.isBefore(from) : !t.isAfter(from))) return false;
    return to == null || (toInclusive ? !t.isAfter(to) : t.isBefore(to));
  }

  /** A date's first instant, or the date-time itself. */
  private static Instant start(String s) {
    if (s.length() == 10) return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
    return OffsetDateTime.parse(s).toInstant();
  }

  /** A date's last second, or the date-time itself. */
  private static Instant end(String s) {
    if (s.length() == 10) return LocalDate.parse(s).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
    return OffsetDateTime.parse(s).toInstant();
  }
}
