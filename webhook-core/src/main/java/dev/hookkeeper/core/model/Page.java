package dev.hookkeeper.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One page of a newest-first list.
 *
 * @param nextCursor opaque; pass it back in {@link PageRequest} for the next page; {@code null} on
 *     the last page
 */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    Objects.requireNonNull(items, "items == null");
    items = List.copyOf(items);
  }

  public static <T> Page<T> last(List<T> items) {
    return new Page<>(items, null);
  }
}
