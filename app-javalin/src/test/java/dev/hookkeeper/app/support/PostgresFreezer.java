package dev.hookkeeper.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Hangs the test JVM's PostgreSQL without closing anything: SIGSTOP to the postmaster and every
 * process it started (backends, checkpointer, WAL writer...). Connections stay open, the kernel
 * still accepts new ones into the listen backlog, and nothing answers: what a database on a frozen
 * VM, a stalled disk or a black-holed network looks like to its clients. {@link #thaw} sends
 * SIGCONT to the same processes; call it in a {@code finally}.
 */
public final class PostgresFreezer {
  private final List<Long> frozen = new ArrayList<>();

  /** Stops the postmaster first (so it forks nothing more), then its children; returns how many. */
  public synchronized int freeze() {
    if (!frozen.isEmpty()) throw new IllegalStateException("already frozen");
    long postmaster = TestDatabase.postmasterPid();
    signal("STOP", List.of(postmaster));
    frozen.add(postmaster);
    List<Long> children = childrenOf(postmaster);
    signal("STOP", children);
    frozen.addAll(children);
    return frozen.size();
  }

  /**
   * Resumes every process {@link #freeze} stopped (and any child found now); a no-op when none is
   * frozen.
   */
  public synchronized void thaw() {
    if (frozen.isEmpty()) return;
    List<Long> all = new ArrayList<>(frozen);
    for (Long child : childrenOf(frozen.get(0))) if (!all.contains(child)) all.add(child);
    signal("CONT", all);
    frozen.clear();
  }

  private static List<Long> childrenOf(long parent) {
    List<Long> children = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) continue;
        try {
          String stat = Files.readString(p.resolve("stat"), StandardCharsets.UTF_8);
          // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last
          // ')'
          String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (Long.parseLong(rest[1]) == parent) children.add(Long.parseLong(name));
        } catch (IOException | RuntimeException e) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return children;
  }

  private static void signal(String signal, List<Long> pids) {
    if (pids.isEmpty()) return;
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    for (Long pid : pids) command.add(Long.toString(pid));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS))
        throw new IllegalStateException("kill -" + signal + " hung");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
