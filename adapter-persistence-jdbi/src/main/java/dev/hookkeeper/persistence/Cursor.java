package dev.hookkeeper.persistence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Keyset position in a newest-first list: the sort instant plus tie-breaking keys. Opaque to
 * callers (URL-safe base64); a cursor that does not decode is the caller's error.
 */
record Cursor(Instant at, String key, long number, int attempt) {

  static Cursor of(Instant at, String key) {
    return new Cursor(at, key, 0, 0);
  }

  static Cursor of(Instant at, long number, int attempt) {
    return new Cursor(at, "", number, attempt);
  }

  String encode() {
    String raw = at.getEpochSecond() + ":" + at.getNano() + ":" + number + ":" + attempt + ":" + key;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static Cursor decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = raw.split(":", 5);
      if (parts.length != 5) throw new IllegalArgumentException("'cursor' is not a valid cursor");
      Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
      return new Cursor(at, parts[4], Long.parseLong(parts[2]), Integer.parseInt(parts[3]));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("'cursor' is not a valid cursor", e);
    }
  }
}
