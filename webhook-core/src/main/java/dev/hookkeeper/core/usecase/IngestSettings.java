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
 */
public record IngestSettings(int commitWriters, int maxBatch, Duration hookCacheTtl) {

  public static final Duration DEFAULT_HOOK_CACHE_TTL = Duration.ofSeconds(2);
  public static final IngestSettings DEFAULTS = new IngestSettings(2, 64);

  public IngestSettings {
    if (commitWriters < 1) throw new IllegalArgumentException("'commitWriters' must be at least 1");
    if (maxBatch < 1) throw new IllegalArgumentException("'maxBatch' must be at least 1");
    Objects.requireNonNull(hookCacheTtl, "hookCacheTtl == null");
    if (hookCacheTtl.isNegative()) throw new IllegalArgumentException("'hookCacheTtl' must not be negative");
  }

  public IngestSettings(int commitWriters, int maxBatch) {
    this(commitWriters, maxBatch, DEFAULT_HOOK_CACHE_TTL);
  }
}
