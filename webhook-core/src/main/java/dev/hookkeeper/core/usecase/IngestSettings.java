package dev.hookkeeper.core.usecase;

import java.time.Duration;
import java.util.Objects;

/**
 * How ingest commits: deliveries arriving together are stored in one transaction (group commit),
 * each caller still answered only after that commit.
 *
 * @param commitWriters threads that commit; a repository's deliveries always go to the same one,
 *     so its rows are only ever locked by one writer. On a small host, about one per core.
 * @param maxBatch most deliveries per transaction; a writer takes whatever is queued up to this,
 *     never waiting for more
 * @param hookCacheTtl how long a hook found for a delivery is reused without reading the store
 *     again; zero reads it every time. Bounds how long another instance's change to a hook
 *     (status, deletion) may go unseen here; this instance's own changes are seen at once.
 * @param maxQueueWait a delivery that has been in ingest this long when its writer gets to it is
 *     refused as store-unavailable (a 503) instead of committed: GitHub gives up after 10 s, so
 *     while the store is down or the host overloaded, an answer must come in time or not at all.
 *     Zero never refuses.
 * @param batchesInFlight transactions one writer may have open at once, each on its own thread
 *     and connection. With 2, the next batch inserts its deliveries while the previous one is
 *     still committing (waiting for the disk); everything after the insert waits for the previous
 *     batch at the hook's row lock, so effects still apply in commit order. 1 commits strictly
 *     one batch after the other.
 */
public record IngestSettings(int commitWriters, int maxBatch, Duration hookCacheTtl, Duration maxQueueWait,
    int batchesInFlight) {

  public static final Duration DEFAULT_HOOK_CACHE_TTL = Duration.ofSeconds(2);
  /** Plus one connection wait (3 s) for the batch it joins, an answer still comes within ~8 s. */
  public static final Duration DEFAULT_MAX_QUEUE_WAIT = Duration.ofSeconds(5);
  /**
   * One: with several repositories the writers already overlap, and a second batch per writer
   * cost more than it saved (measured: a single hot repository +16 %, eight busy ones −16 to −33 %).
   */
  public static final int DEFAULT_BATCHES_IN_FLIGHT = 1;
  public static final IngestSettings DEFAULTS = new IngestSettings(2, 64);

  public IngestSettings {
    if (commitWriters < 1) throw new IllegalArgumentException("'commitWriters' must be at least 1");
    if (maxBatch < 1) throw new IllegalArgumentException("'maxBatch' must be at least 1");
    Objects.requireNonNull(hookCacheTtl, "hookCacheTtl == null");
    if (hookCacheTtl.isNegative()) throw new IllegalArgumentException("'hookCacheTtl' must not be negative");
    Objects.requireNonNull(maxQueueWait, "maxQueueWait == null");
    if (maxQueueWait.isNegative()) throw new IllegalArgumentException("'maxQueueWait' must not be negative");
    if (batchesInFlight < 1) throw new IllegalArgumentException("'batchesInFlight' must be at least 1");
  }

  /** The same, with {@code n} batches in flight per writer. */
  public IngestSettings withBatchesInFlight(int n) {
    return new IngestSettings(commitWriters, maxBatch, hookCacheTtl, maxQueueWait, n);
  }

  public IngestSettings(int commitWriters, int maxBatch) {
    this(commitWriters, maxBatch, DEFAULT_HOOK_CACHE_TTL, DEFAULT_MAX_QUEUE_WAIT, DEFAULT_BATCHES_IN_FLIGHT);
  }

  public IngestSettings(int commitWriters, int maxBatch, Duration hookCacheTtl) {
    this(commitWriters, maxBatch, hookCacheTtl, DEFAULT_MAX_QUEUE_WAIT, DEFAULT_BATCHES_IN_FLIGHT);
  }
}
