package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Page;
import java.util.List;
import java.util.function.Function;

/** Keyset pages: queries fetch {@code limit + 1} rows; the extra row only says "there is more". */
final class Pages {

  private Pages() {}

  static <T> Page<T> of(List<T> rows, int limit, Function<T, Cursor> cursorOf) {
    if (rows.size() <= limit) return Page.last(rows);
    List<T> items = rows.subList(0, limit);
    return new Page<>(items, cursorOf.apply(items.get(limit - 1)).encode());
  }
}
