package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Newest-first keyset pagination with opaque cursors, as a database adapter would do it. */
final class Paging {
  private Paging() {}

  /** Position of an item: its time, then a tie-breaker that sorts as text. */
  record Key(Instant at, String tiebreak) implements Comparable<Key> {
    private static final Comparator<Key> ORDER = Comparator.comparing(Key::at).thenComparing(Key::tiebreak);

    @Override
    public int compareTo(Key other) {
      return ORDER.compare(this, other);
    }
  }

  static <T> Page<T> newestFirst(Collection<T> items, Function<T, Key> key, PageRequest request) {
    Key after = request.cursor() == null ? null : decode(request.cursor());
    List<T> sorted = items.stream()
        .filter(item -> after == null || key.apply(item).compareTo(after) < 0)
        .sorted(Comparator.comparing(key).reversed())
        .toList();
    if (sorted.size() <= request.limit()) return Page.last(sorted);
    List<T> page = sorted.subList(0, request.limit());
    return new Page<>(page, encode(key.apply(page.get(page.size() - 1))));
  }

  /** Zero-padded so that numbers sort as text. */
  static String pad(long n) {
    return String.format("%020d", n);
  }

  private static String encode(Key key) {
    String raw = key.at().getEpochSecond() + ":" + key.at().getNano() + ":" + key.tiebreak();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static Key decode(String cursor) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
      return new Key(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed page cursor");
    }
  }
}
