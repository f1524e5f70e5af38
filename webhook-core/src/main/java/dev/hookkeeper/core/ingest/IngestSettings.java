package dev.hookkeeper.core.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * How deliveries are acknowledged: appended to the inbox by a few writer threads, deliveries
 * arriving together sharing one durable commit (group commit), each caller answered only after it.
 *
 * @param appendWriters threads that append; while one waits for its commit to reach the disk,
 *     another gathers the next batch, and inserts it beside that commit once half a batch waits
 * @param maxBatch most deliveries per append; a writer takes whatever is queued up to this, never
 *     waiting for more
 * @param hookCacheTtl how long a hook found for a delivery is reused without reading the store
 *     again; zero reads it every time. Bounds how long another instance's change to a hook may go
 *     unseen here; this instance's own changes are seen at once.
 * @param answerWithin every delivery is answered within this, counted from its headers: stored, or
 *     refused as unavailable when the store is down, hung or too slow (GitHub and GitLab give up
 *     after 10 s, and a late 2xx is as lost as a refusal but hides the failure)
 * @param storeRetry while the store is known to be down, deliveries are refused at once except one
 *     every this often, which tries the store again
 * @param rejectedKeptPerMinute of the refused attempts per (hook, reason), how many a minute keep a
 *     row in the delivery log; the rest are only counted
 */
public record IngestSettings(
    int appendWriters,
    int maxBatch,
    Duration hookCacheTtl,
    Duration answerWithin,
    Duration storeRetry,
    int rejectedKeptPerMinute) {

  public static final IngestSettings DEFAULTS =
      new IngestSettings(
          2, 64, Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ofMillis(100), 20);

  public IngestSettings {
    if (appendWriters < 1) throw new IllegalArgumentException("'appendWriters' must be at least 1");
    if (maxBatch < 1) throw new IllegalArgumentException("'maxBatch' must be at least 1");
    positive(hookCacheTtl, "hookCacheTtl", true);
    positive(answerWithin, "answerWithin", false);
    positive(storeRetry, "storeRetry", false);
    if (rejectedKeptPerMinute < 0)
      throw new IllegalArgumentException("'rejectedKeptPerMinute' must not be negative");
  }

  public IngestSettings withAppendWriters(int n) {
    return new IngestSettings(
        n, maxBatch, hookCacheTtl, answerWithin, storeRetry, rejectedKeptPerMinute);
  }

  public IngestSettings withMaxBatch(int n) {
    return new IngestSettings(
        appendWriters, n, hookCacheTtl, answerWithin, storeRetry, rejectedKeptPerMinute);
  }

  public IngestSettings withHookCacheTtl(Duration ttl) {
    return new IngestSettings(
        appendWriters, maxBatch, ttl, answerWithin, storeRetry, rejectedKeptPerMinute);
  }

  public IngestSettings withAnswerWithin(Duration d) {
    return new IngestSettings(
        appendWriters, maxBatch, hookCacheTtl, d, storeRetry, rejectedKeptPerMinute);
  }

  static void positive(Duration d, String name, boolean zeroAllowed) {
    Objects.requireNonNull(d, name + " == null");
    if (d.isNegative() || (!zeroAllowed && d.isZero())) {
      throw new IllegalArgumentException(
          "'" + name + "' must be " + (zeroAllowed ? "zero or more" : "positive"));
    }
  }
}
