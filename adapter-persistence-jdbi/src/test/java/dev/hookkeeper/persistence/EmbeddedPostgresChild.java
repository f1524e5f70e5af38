package dev.hookkeeper.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM that starts an {@link EmbeddedPostgresServer} on a data directory and keeps it
 * running until its stdin closes, so that a test can {@code kill -9} the JVM that owns a PostgreSQL
 * (as an OOM kill would). Runs on this JVM's classpath (Surefire sets {@code java.class.path} to the
 * real test classpath).
 */
final class EmbeddedPostgresChild implements AutoCloseable {
  private final Process process;

  private EmbeddedPostgresChild(Process process) {
    this.process = process;
  }

  /** Starts the child and waits until its PostgreSQL accepts connections. */
  static EmbeddedPostgresChild start(Path dataDirectory, Path log, Duration timeout) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx192m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), EmbeddedPostgresChild.class.getName(),
        dataDirectory.toString()));
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      EmbeddedPostgresChild child = new EmbeddedPostgresChild(builder.start());
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!Files.readString(log, StandardCharsets.UTF_8).contains("READY")) {
        if (!child.process.isAlive() || System.nanoTime() > deadline) {
          child.close();
          throw new AssertionError("child PostgreSQL not ready:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        Thread.sleep(50);
      }
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  /** SIGKILL to the JVM alone: the processes it started live on (as after an OOM kill). */
  void killJvm() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("killed child still alive");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) killJvm();
  }

  public static void main(String[] args) throws IOException {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
    System.out.println("READY port=" + server.port());
    System.out.flush();
    while (System.in.read() != -1) {
      // runs until the test closes our stdin or kills us
    }
    server.close();
  }
}
