package dev.hookkeeper.persistence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the embedded PostgreSQL when the JVM that started it is gone, however it went: a shutdown
 * hook does not run on SIGKILL or an OOM kill, and PostgreSQL, started by {@code pg_ctl} in its
 * own session, would outlive the JVM (and block the next start). The watchdog is a tiny shell
 * process whose standard input is a pipe from this JVM: only this JVM holds the other end, so the
 * kernel closes it when the JVM ends, its {@code read} returns, and it sends PostgreSQL a fast
 * shutdown (SIGINT), provided the data directory's lock file still names that PostgreSQL. It
 * ignores the terminal's SIGINT and SIGHUP (Ctrl-C reaches the whole process group; the JVM stops
 * PostgreSQL itself then). A normal {@link #close()} ends it without a signal.
 */
final class PostmasterWatchdog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostmasterWatchdog.class);
  private static final String SCRIPT = String.join("\n",
      "trap '' INT HUP",
      "read -r line",
      "IFS= read -r pid < \"$1/postmaster.pid\" || exit 0",
      "[ \"$pid\" = \"$2\" ] && kill -INT \"$2\"");

  private final Process process;

  private PostmasterWatchdog(Process process) {
    this.process = process;
  }

  /** Starts watching; if no shell can be started, logs it and relies on the next start's clean-up. */
  static PostmasterWatchdog start(Path dataDirectory, long postmasterPid) {
    ProcessBuilder builder = new ProcessBuilder(List.of("sh", "-c", SCRIPT, "hookkeeper-postgres-watchdog",
        dataDirectory.toString(), Long.toString(postmasterPid)));
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      return new PostmasterWatchdog(builder.start());
    } catch (IOException e) {
      LOG.atWarn().addKeyValue("reason", e.toString())
          .log("no watchdog for the embedded PostgreSQL: after a hard kill of this process, the next start stops it");
      return new PostmasterWatchdog(null);
    }
  }

  /** Ends the watchdog without it signalling anything (call after PostgreSQL has been stopped). */
  @Override
  public void close() {
    if (process == null) return;
    process.destroy();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
