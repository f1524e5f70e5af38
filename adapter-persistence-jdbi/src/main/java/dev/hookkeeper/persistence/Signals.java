package dev.hookkeeper.persistence;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends a signal by name to a process. The JDK can only send SIGTERM and SIGKILL; PostgreSQL's fast
 * and immediate shutdowns are SIGINT and SIGQUIT, so this goes through the shell's {@code kill}
 * built-in (present wherever {@code /bin/sh} is, unlike a {@code kill} binary).
 */
final class Signals {
  private Signals() {}

  /** @param signal a name such as {@code INT}; the pid is a number, so nothing reaches the shell unquoted */
  static void send(long pid, String signal) {
    if (!signal.matches("[A-Z]+")) throw new IllegalArgumentException("signal name: " + signal);
    ProcessBuilder kill = new ProcessBuilder(List.of("sh", "-c", "kill -" + signal + " \"$1\"", "kill", Long.toString(pid)));
    kill.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      Process p = kill.start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
    } catch (IOException e) {
      // no shell: SIGTERM is the one the JDK sends (a smart shutdown: it ends when the sessions do)
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
