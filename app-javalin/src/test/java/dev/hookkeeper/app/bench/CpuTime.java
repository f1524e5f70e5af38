package dev.hookkeeper.app.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time spent by processes, from {@code /proc/<pid>/stat} (Linux): what a benchmark divides by
 * the work done, a figure that does not depend on how many other programs share the cores.
 */
final class CpuTime {
  /** {@code getconf CLK_TCK}: 100 on every Linux this runs on. */
  private static final double TICK_MILLIS = 10.0;

  private CpuTime() {}

  /** User and system time of a running process, in ms. */
  static double ofProcess(long pid) {
    long[] f = fields(pid);
    return f == null ? 0 : (f[11] + f[12]) * TICK_MILLIS;
  }

  /**
   * User and system time of the threads of a running process whose name (as Linux shortens it to 15
   * characters, e.g. "C2 CompilerThre") contains {@code nameContains}, in ms.
   */
  static double ofThreads(long pid, String nameContains) {
    double ticks = 0;
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // ended meanwhile
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!name.contains(nameContains)) continue;
        String[] parts = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(parts[11]) + Long.parseLong(parts[12]);
      }
    } catch (IOException e) {
      return 0; // the process ended
    }
    return ticks * TICK_MILLIS;
  }

  /**
   * User and system time of a PostgreSQL server, in ms: the postmaster, the children it has reaped
   * (ended backends) and the children alive now.
   */
  static double ofPostgres(long postmasterPid) {
    long[] master = fields(postmasterPid);
    if (master == null) return 0;
    double ticks = master[11] + master[12] + master[13] + master[14];
    try (DirectoryStream<Path> procs =
        Files.newDirectoryStream(
            Path.of("/proc"),
            p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path p : procs) {
        long[] f = fields(Long.parseLong(p.getFileName().toString()));
        if (f != null && f[1] == postmasterPid) ticks += f[11] + f[12];
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return ticks * TICK_MILLIS;
  }

  /**
   * The numeric fields after the command name: [0] is the state's position, [1] the parent pid, …
   */
  private static long[] fields(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return null; // ended meanwhile
    }
    String[] parts = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long[] out = new long[15]; // up to cstime; later fields may be unsigned 64-bit
    for (int i = 1; i < out.length; i++) out[i] = Long.parseLong(parts[i].trim());
    return out;
  }
}
