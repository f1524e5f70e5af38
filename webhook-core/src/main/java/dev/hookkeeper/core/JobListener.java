package dev.hookkeeper.core;

import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * Told what Hookkeeper's periodic jobs did: hook deletions completed, rows purged by retention,
 * tokens renewed. A host gives its own to log them its way; the default writes through {@link
 * System.Logger}. Called on the job's thread; must not throw.
 */
public interface JobListener {

  /**
   * A job ran.
   *
   * @param job e.g. {@code hook-cleanups}, {@code retention}, {@code token-renewal}, {@code
   *     session-purge}
   * @param counts what it did, by name (e.g. {@code completed}, {@code deliveries}); all zero when
   *     there was nothing to do
   */
  void ran(String job, Map<String, Integer> counts);

  /** A job failed; it runs again at its next turn. */
  void failed(String job, RuntimeException failure);

  /** Logs runs that did something (INFO) and failures (WARNING) through {@link System.Logger}. */
  JobListener SYSTEM_LOGGER =
      new JobListener() {
        private final System.Logger log = System.getLogger(Hookkeeper.class.getName());

        @Override
        public void ran(String job, Map<String, Integer> counts) {
          if (counts.values().stream().anyMatch(n -> n > 0))
            log.log(Level.INFO, "job " + job + " done: " + counts);
        }

        @Override
        public void failed(String job, RuntimeException failure) {
          log.log(
              Level.WARNING, "job " + job + " failed, it runs again at its next turn: " + failure);
        }
      };
}
