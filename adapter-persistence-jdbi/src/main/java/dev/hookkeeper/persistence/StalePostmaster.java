package dev.hookkeeper.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL still running on a data directory whose server is gone (SIGKILL, OOM kill, a crash
 * before the watchdog could act): the next start stops it before starting its own, instead of
 * waiting for a PostgreSQL that cannot start beside it and failing. Only a process that is a
 * {@code postgres} running on this very directory is signalled; it gets a fast shutdown (SIGINT:
 * sessions end, a checkpoint is written), and an immediate one (SIGQUIT: crash recovery at the next
 * start, nothing committed is lost) only if that does not finish in time. Call it holding the
 * {@link DataDirectoryLock}, so the PostgreSQL of a live server is never touched.
 */
final class StalePostmaster {
  private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);
  private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(15);
  private static final Duration IMMEDIATE_SHUTDOWN = Duration.ofSeconds(10);

  private StalePostmaster() {}

  /** Stops the PostgreSQL named by {@code dataDirectory/postmaster.pid}, if one still runs there. */
  static void stopIfRunning(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    long pid;
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.isEmpty()) return;
      pid = Long.parseLong(lines.get(0).strip());
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pidFile, e);
    } catch (NumberFormatException e) {
      return; // not a pid: PostgreSQL judges its own lock file
    }
    Optional<ProcessHandle> process = Processes.running(pid);
    if (process.isEmpty()) return; // dead: PostgreSQL checks and removes its stale lock file itself
    ProcessHandle.Info info = process.get().info();
    if (info.command().isEmpty()) {
      LOG.atWarn().addKeyValue("pid", pid).addKeyValue("data_dir", dataDirectory.toString())
          .log("postmaster.pid names a process this user cannot inspect; leaving it alone");
      return;
    }
    if (!isPostgresOn(info, dataDirectory)) {
      // the pid was reused (after a reboot) by a process that is no PostgreSQL of this directory;
      // PostgreSQL would refuse to start while that process lives, so the stale lock file goes
      deleteStale(pidFile, pid, info.command().get());
      return;
    }
    long begin = System.nanoTime();
    LOG.atWarn().addKeyValue("pid", pid).addKeyValue("data_dir", dataDirectory.toString())
        .log("a PostgreSQL left running by a previous server on this data directory: stopping it");
    Signals.send(pid, "INT");
    if (!stopped(pid, pidFile, FAST_SHUTDOWN)) {
      LOG.atWarn().addKeyValue("pid", pid).addKeyValue("waited_ms", FAST_SHUTDOWN.toMillis())
          .log("the PostgreSQL left running did not finish a fast shutdown: immediate shutdown");
      Signals.send(pid, "QUIT");
      if (!stopped(pid, pidFile, IMMEDIATE_SHUTDOWN)) {
        throw new IllegalStateException("a PostgreSQL (pid " + pid + ") still runs on " + dataDirectory
            + " and did not stop; stop it, then start again");
      }
    }
    LOG.atInfo().addKeyValue("pid", pid).addKeyValue("took_ms", (System.nanoTime() - begin) / 1_000_000)
        .log("the PostgreSQL left running has stopped");
  }

  private static boolean isPostgresOn(ProcessHandle.Info info, Path dataDirectory) {
    String program = Path.of(info.command().get()).getFileName().toString();
    if (!program.equals("postgres") && !program.equals("postgres.exe")) return false;
    Optional<String[]> arguments = info.arguments();
    if (arguments.isEmpty()) return true; // a postgres named by this directory's own lock file
    List<String> args = Arrays.asList(arguments.get());
    int d = args.indexOf("-D");
    return d < 0 || d + 1 >= args.size() || sameFile(Path.of(args.get(d + 1)), dataDirectory);
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  /** True once the process has ended or has removed its lock file (the last step of its shutdown). */
  private static boolean stopped(long pid, Path pidFile, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (Processes.running(pid).isPresent() && Files.exists(pidFile)) {
      if (System.nanoTime() > deadline) return false;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while stopping a PostgreSQL left running", e);
      }
    }
    return true;
  }

  private static void deleteStale(Path pidFile, long pid, String command) {
    try {
      Files.deleteIfExists(pidFile);
      LOG.atWarn().addKeyValue("pid", pid).addKeyValue("now_running", command)
          .log("removed a stale postmaster.pid whose process id now belongs to another program");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the stale " + pidFile, e);
    }
  }
}
