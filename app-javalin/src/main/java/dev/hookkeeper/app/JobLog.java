package dev.hookkeeper.app;

import dev.hookkeeper.core.JobListener;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's log of Hookkeeper's periodic jobs: one line per run that did something, one per
 * failure.
 */
final class JobLog implements JobListener {
  private static final Logger log = LoggerFactory.getLogger(JobLog.class);
  private static final Map<String, String> DONE =
      Map.of(
          "hook-cleanups",
          "queued hook deletions completed",
          "retention",
          "data past retention purged",
          "token-renewal",
          "provider tokens renewed",
          "session-purge",
          "expired sessions and sign-ins purged",
          "secret-retirement",
          "previous webhook secrets retired after their grace period",
          "reencryption",
          "secrets re-encrypted under the current key");

  @Override
  public void ran(String job, Map<String, Integer> counts) {
    if (counts.values().stream().noneMatch(n -> n > 0) && !job.equals("retention")) return;
    var line = log.atInfo().addKeyValue("job", job);
    for (Map.Entry<String, Integer> count : counts.entrySet())
      line = line.addKeyValue(count.getKey(), count.getValue());
    line.log(DONE.getOrDefault(job, "background job " + job + " done"));
  }

  @Override
  public void failed(String job, RuntimeException failure) {
    log.atWarn().addKeyValue("job", job).setCause(failure).log("background job {} failed", job);
  }
}
