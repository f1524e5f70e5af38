package dev.hookkeeper.app.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as pages show them: UTC, short, the date only when it is not today. */
final class Times {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_CLOCK =
      DateTimeFormatter.ofPattern("MMM d, HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FULL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private Times() {}

  /** {@code 10:42 UTC} today, {@code Dec 6, 10:42 UTC} another day; {@code ""} for none. */
  static String shortTime(Instant at, Instant now) {
    if (at == null) return "";
    boolean today = LocalDate.ofInstant(at, ZoneOffset.UTC).equals(LocalDate.ofInstant(now, ZoneOffset.UTC));
    return (today ? CLOCK : DAY_CLOCK).format(at) + " UTC";
  }

  static String full(Instant at) {
    return at == null ? "" : FULL.format(at) + " UTC";
  }

  static String iso(Instant at) {
    return at == null ? "" : at.toString();
  }
}
