package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.RejectedDelivery;
import dev.hookkeeper.core.port.DeliveryLog;
import dev.hookkeeper.core.port.DeliveryLog.RejectionTally;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records refused attempts without letting them cost a write each: every refusal is counted in
 * memory, at most {@code keptPerMinute} per (hook, reason) and minute keep a row for forensics, and
 * both are written in one go by {@link #flush} (once a second, from the ingest's own thread). A
 * flood of forgeries thus costs the store a bounded, amortised write, and the count per hook and
 * reason stays exact (but for the last second before a crash). Thread-safe.
 */
final class RejectionLedger {
  private static final System.Logger LOG = System.getLogger(RejectionLedger.class.getName());
  /** Rows waiting for a flush, whatever the number of hooks: past it refusals are only counted. */
  static final int MAX_PENDING_ROWS = 5_000;

  private record Key(HookId hook, String reason) {}

  private static final class Window {
    long minute;
    int kept;
  }

  private final DeliveryLog log;
  private final InstantSource clock;
  private final int keptPerMinute;
  private final ConcurrentHashMap<Key, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Map<Key, Window> windows = new HashMap<>(); // guarded by itself
  private final List<RejectedDelivery> pendingRows = new ArrayList<>(); // guarded by windows
  private volatile boolean failing;

  RejectionLedger(DeliveryLog log, InstantSource clock, int keptPerMinute) {
    this.log = log;
    this.clock = clock;
    this.keptPerMinute = keptPerMinute;
  }

  /** Counts the refusal and keeps its row if its (hook, reason) has room this minute. Never touches the store. */
  void record(RejectedDelivery rejected) {
    Key key = new Key(rejected.hookId(), rejected.reason());
    counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    long minute = clock.instant().getEpochSecond() / 60;
    synchronized (windows) {
      Window w = windows.computeIfAbsent(key, k -> new Window());
      if (w.minute != minute) {
        w.minute = minute;
        w.kept = 0;
      }
      if (w.kept < keptPerMinute && pendingRows.size() < MAX_PENDING_ROWS) {
        w.kept++;
        pendingRows.add(rejected);
      }
    }
  }

  /**
   * Writes the kept rows and the counts gathered since the last flush. On a store failure they
   * are kept for the next flush (rows within the bound), so nothing counted is lost.
   */
  void flush() {
    List<RejectedDelivery> rows;
    synchronized (windows) {
      rows = new ArrayList<>(pendingRows);
      pendingRows.clear();
      pruneWindows();
    }
    List<RejectionTally> tallies = new ArrayList<>();
    for (Map.Entry<Key, AtomicLong> e : counts.entrySet()) {
      long n = e.getValue().getAndSet(0);
      if (n > 0) tallies.add(new RejectionTally(e.getKey().hook(), e.getKey().reason(), n));
    }
    counts.values().removeIf(c -> c.get() == 0);
    if (rows.isEmpty() && tallies.isEmpty()) return;
    try {
      if (!rows.isEmpty()) log.insertRejected(rows);
      rows = List.of();
      if (!tallies.isEmpty()) log.countRejected(tallies);
      if (failing) LOG.log(Level.INFO, "refused attempts recorded again after a store failure");
      failing = false;
    } catch (RuntimeException e) {
      // once per outage, not once a second
      LOG.log(failing ? Level.DEBUG : Level.WARNING, "refused attempts not recorded yet, kept for the next flush: " + e);
      failing = true;
      restore(rows, tallies);
    }
  }

  private void restore(List<RejectedDelivery> rows, List<RejectionTally> tallies) {
    for (RejectionTally t : tallies) {
      counts.computeIfAbsent(new Key(t.hookId(), t.reason()), k -> new AtomicLong()).addAndGet(t.count());
    }
    synchronized (windows) {
      for (RejectedDelivery r : rows) {
        if (pendingRows.size() >= MAX_PENDING_ROWS) break;
        pendingRows.add(r);
      }
    }
  }

  /** Forgets windows of past minutes, so a spray over many hooks leaves nothing behind. */
  private void pruneWindows() {
    long minute = clock.instant().getEpochSecond() / 60;
    windows.values().removeIf(w -> w.minute != minute);
  }

  /** Refusals counted and not yet written (for tests). */
  long unflushed() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }
}
