package dev.hookkeeper.core.usecase;

/**
 * How ingest commits: deliveries arriving together are stored in one transaction (group commit),
 * each caller still answered only after that commit.
 *
 * @param commitWriters threads that commit; a repository's deliveries always go to the same one,
 *     so its rows are only ever locked by one writer. On a small host, about one per core.
 * @param maxBatch most deliveries per transaction; a writer takes whatever is queued up to this,
 *     never waiting for more
 */
public record IngestSettings(int commitWriters, int maxBatch) {

  public static final IngestSettings DEFAULTS = new IngestSettings(2, 64);

  public IngestSettings {
    if (commitWriters < 1) throw new IllegalArgumentException("'commitWriters' must be at least 1");
    if (maxBatch < 1) throw new IllegalArgumentException("'maxBatch' must be at least 1");
  }
}
