package dev.hookkeeper.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed share of the CPU for each of some processes, through a Linux cgroup of its own (the v1
 * {@code cpu} controller, or v2's {@code cpu.max}): how a benchmark on a small host gives every
 * server instance the same cores it would bring on a host of its own, so that adding an instance
 * adds capacity instead of splitting the same cores further. Needs write access to the cgroup tree
 * (root in a container); removes its groups on close.
 */
final class CpuQuota implements AutoCloseable {
  private static final Path V1 = Path.of("/sys/fs/cgroup/cpu");
  private static final Path V2 = Path.of("/sys/fs/cgroup");
  private static final long PERIOD_MICROS = 100_000;

  private final List<Path> groups = new ArrayList<>();

  /**
   * Moves {@code pid} (all its threads, and the threads it starts later) into a new group allowed
   * {@code cores} of CPU time (0.25 = a quarter of one core).
   */
  void limit(long pid, double cores) {
    long quota = Math.round(cores * PERIOD_MICROS);
    boolean v1 = Files.isRegularFile(V1.resolve("cpu.cfs_quota_us"));
    Path group = (v1 ? V1 : V2).resolve("hookkeeper-bench-" + pid);
    try {
      Files.createDirectories(group);
      groups.add(group);
      if (v1) {
        Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
        Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
      } else {
        Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
      }
      // cgroup.procs moves the whole thread group, not only its main thread
      Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot give process " + pid + " a CPU quota in " + group + " (needs root and cgroups)",
          e);
    }
  }

  /** Removes the groups; a group still holding a live process stays (the kernel refuses). */
  @Override
  public void close() {
    for (Path group : groups) {
      try {
        Files.deleteIfExists(group);
      } catch (IOException e) {
        // the benchmark's report goes to the console; so does what its operator must clean up
        System.err.println(
            "cgroup left behind, remove it by hand: " + group + " (" + e.getMessage() + ")");
      }
    }
  }
}
