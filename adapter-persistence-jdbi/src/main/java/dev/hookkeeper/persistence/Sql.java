package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Provider;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Column conversions shared by the row mappers. timestamptz travels as OffsetDateTime (UTC). */
final class Sql {

  private Sql() {}

  static OffsetDateTime ts(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static Provider provider(ResultSet rs, String column) throws SQLException {
    String id = rs.getString(column);
    return Provider.fromId(id).orElseThrow(() -> new IllegalStateException("unknown provider in database: " + id));
  }

  /** Enum constants are stored in lower case, matching their wire names. */
  static String enumName(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E enumValue(Class<E> type, String stored) {
    return stored == null ? null : Enum.valueOf(type, stored.toUpperCase(Locale.ROOT));
  }

  static List<String> textArray(ResultSet rs, String column) throws SQLException {
    Array array = rs.getArray(column);
    if (array == null) return List.of();
    try {
      return List.copyOf(Arrays.asList((String[]) array.getArray()));
    } finally {
      array.free();
    }
  }

  static List<Long> bigintArray(ResultSet rs, String column) throws SQLException {
    Array array = rs.getArray(column);
    if (array == null) return List.of();
    try {
      List<Long> out = new ArrayList<>();
      for (Object o : (Object[]) array.getArray()) out.add(((Number) o).longValue());
      return List.copyOf(out);
    } finally {
      array.free();
    }
  }
}
