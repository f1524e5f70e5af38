package dev.hookkeeper.core.ingest;

import java.time.Duration;

/**
 * How stored deliveries are processed.
 *
 * @param processors threads that apply effects; each takes the deliveries of repositories no other
 *     processor holds. Zero starts none: the embedding service calls
 *     {@link InboxProcessor#processDue()} itself.
 * @param batch most deliveries one processing transaction takes
 * @param pollInterval how often an idle processor looks for work it was not told about: deliveries
 *     due for a retry, replays, work left by a crash or stored by another process
 * @param maxAttempts a delivery whose processing fails this many times is marked failed
 * @param retryBackoff wait before the second attempt; doubled for each further one
 */
public record ProcessingSettings(int processors, int batch, Duration pollInterval, int maxAttempts,
    Duration retryBackoff) {

  public static final ProcessingSettings DEFAULTS =
      new ProcessingSettings(2, 256, Duration.ofSeconds(1), 3, Duration.ofSeconds(2));

  /** No processor threads: for tests and hosts that drive processing themselves. */
  public static final ProcessingSettings MANUAL = DEFAULTS.withProcessors(0);

  public ProcessingSettings {
    if (processors < 0) throw new IllegalArgumentException("'processors' must not be negative");
    if (batch < 1) throw new IllegalArgumentException("'batch' must be at least 1");
    IngestSettings.positive(pollInterval, "pollInterval", false);
    if (maxAttempts < 1) throw new IllegalArgumentException("'maxAttempts' must be at least 1");
    IngestSettings.positive(retryBackoff, "retryBackoff", true);
  }

  public ProcessingSettings withProcessors(int n) {
    return new ProcessingSettings(n, batch, pollInterval, maxAttempts, retryBackoff);
  }

  public ProcessingSettings withBatch(int n) {
    return new ProcessingSettings(processors, n, pollInterval, maxAttempts, retryBackoff);
  }

  public ProcessingSettings withPollInterval(Duration d) {
    return new ProcessingSettings(processors, batch, d, maxAttempts, retryBackoff);
  }

  public ProcessingSettings withRetryBackoff(Duration d) {
    return new ProcessingSettings(processors, batch, pollInterval, maxAttempts, d);
  }

  /** The wait after {@code attempts} failed attempts. */
  Duration backoffAfter(int attempts) {
    return retryBackoff.multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
  }
}
