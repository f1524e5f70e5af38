package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Headers;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers and bodies this process appended lately, by delivery id, so that the processor
 * claiming a delivery soon after its append takes them from memory instead of reading a 20 kB body
 * back out of PostgreSQL's TOAST table. Only a hint: the stored row stays the truth (a delivery
 * appended by another instance, replayed, retried or evicted here is read from the database), and
 * what is held is exactly what was stored, since bodies and stored headers never change. Bounded by
 * a byte budget, oldest dropped first.
 */
final class RecentAppends {
  /** A stored delivery's immutable part. */
  record Held(Headers headers, byte[] body) {}

  /** Room for about a second of a hot repository's deliveries at several thousand a second. */
  static final long DEFAULT_BUDGET_BYTES = 16L * 1024 * 1024;

  /** What a header map costs beyond its bytes, roughly: the map, its lists and strings. */
  private static final int HEADERS_OVERHEAD = 1_024;

  private final long budgetBytes;
  private final LinkedHashMap<String, Held> byId = new LinkedHashMap<>(); // oldest first
  private long bytes; // guarded by this

  RecentAppends(long budgetBytes) {
    if (budgetBytes < 0) throw new IllegalArgumentException("budgetBytes < 0");
    this.budgetBytes = budgetBytes;
  }

  synchronized void put(String id, Headers headers, byte[] body) {
    long weight = weight(body);
    if (weight > budgetBytes) return;
    Held previous = byId.put(id, new Held(headers, body));
    if (previous != null) bytes -= weight(previous.body());
    bytes += weight;
    Iterator<Map.Entry<String, Held>> oldest = byId.entrySet().iterator();
    while (bytes > budgetBytes && oldest.hasNext()) {
      bytes -= weight(oldest.next().getValue().body());
      oldest.remove();
    }
  }

  /** Removes and returns what is held for the delivery, or {@code null}. */
  synchronized Held take(String id) {
    Held held = byId.remove(id);
    if (held != null) bytes -= weight(held.body());
    return held;
  }

  synchronized long heldBytes() {
    return bytes;
  }

  synchronized int size() {
    return byId.size();
  }

  private static long weight(byte[] body) {
    return (long) body.length + HEADERS_OVERHEAD;
  }
}
