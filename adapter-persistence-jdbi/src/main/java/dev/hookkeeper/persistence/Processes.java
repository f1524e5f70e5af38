package dev.hookkeeper.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether a process still runs: a zombie (exited, not yet reaped by its parent) does not. */
final class Processes {
  private Processes() {}

  /** The process {@code pid} if it runs; not a zombie left by an init that does not reap (some containers). */
  static Optional<ProcessHandle> running(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> !exited(pid));
  }

  private static boolean exited(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String line = Files.readString(stat, StandardCharsets.US_ASCII);
      // "pid (command) state ...": the command may hold spaces and parentheses, the state follows the last ')'
      String afterCommand = line.substring(line.lastIndexOf(')') + 1).strip();
      char state = afterCommand.isEmpty() ? '?' : afterCommand.charAt(0);
      return state == 'Z' || state == 'X';
    } catch (IOException | RuntimeException e) {
      return false; // no /proc (not Linux) or gone meanwhile: ProcessHandle's answer stands
    }
  }
}
