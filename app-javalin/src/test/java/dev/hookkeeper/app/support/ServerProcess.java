package dev.hookkeeper.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server ({@code dev.hookkeeper.app.cli.Main}) as a separate OS process, so that a test
 * can {@code kill -9} it: on Linux {@link Process#destroyForcibly()} sends SIGKILL (no shutdown
 * hook, no graceful stop; the exit status is 128 + 9, which the crash test asserts). The child runs
 * on this JVM's {@code java.class.path}: Surefire launches its fork from a manifest-only booter jar
 * but sets that property to the real classpath of absolute paths (verified: target/test-classes,
 * target/classes, then the jars), and an IDE does the same. Every start appends to one log file.
 */
public final class ServerProcess implements AutoCloseable {
  /** The exit status of a process ended by SIGKILL. */
  public static final int SIGKILL_EXIT = 128 + 9;

  private static final HttpClient PROBE =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final Map<String, String> env; // changed only between starts
  private final Path logFile;
  private final List<String> baseOptions;
  private final List<String> jvmOptions;
  private final int port;
  private Process process;
  private int starts;

  /**
   * @param env the server's environment; its {@code PORT} is fixed across restarts
   */
  public ServerProcess(Map<String, String> env, Path logFile) {
    this(env, logFile, List.of());
  }

  /**
   * @param jvmOptions added after the heap and JIT options, e.g. {@link #PRODUCTION_LOGGING}
   */
  public ServerProcess(Map<String, String> env, Path logFile, List<String> jvmOptions) {
    this(env, logFile, QUICK_START, jvmOptions);
  }

  /**
   * @param baseOptions the heap, JIT and GC options, e.g. {@link #QUICK_START} or {@link
   *     #README_OPTIONS}
   * @param jvmOptions added after them
   */
  public ServerProcess(
      Map<String, String> env, Path logFile, List<String> baseOptions, List<String> jvmOptions) {
    this.env = new java.util.HashMap<>(env);
    this.logFile = logFile;
    this.baseOptions = List.copyOf(baseOptions);
    this.jvmOptions = List.copyOf(jvmOptions);
    this.port = Integer.parseInt(env.get("PORT"));
  }

  /**
   * The server's own logging configuration (the test classpath's logback-test.xml would otherwise
   * win): what a test of the console output must look at. Surefire runs in the module directory.
   */
  public static final String PRODUCTION_LOGGING =
      "-Dlogback.configurationFile=" + Path.of("target", "classes", "logback.xml").toAbsolutePath();

  /**
   * Small heap, quick start: C1 only and the serial collector suit a 2-core box shared with the
   * test.
   */
  public static final List<String> QUICK_START =
      List.of("-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** The JVM options the README runs the server with. */
  public static final List<String> README_OPTIONS = List.of("-Xmx384m", "-XX:+UseParallelGC");

  /** A port that is free now, to keep across restarts. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Sets (or, with {@code null}, removes) a variable of the environment for the next start. */
  public void environment(String name, String value) {
    if (process != null && process.isAlive())
      throw new IllegalStateException("change the environment between starts");
    if (value == null) env.remove(name);
    else env.put(name, value);
  }

  /** The server process id (for {@code /proc}), while it runs. */
  public long pid() {
    return handle().pid();
  }

  /** Starts the process and waits until {@code /health} answers 200; returns how long that took. */
  public Duration start(Duration timeout) {
    long begin = System.nanoTime();
    launch();
    long deadline = begin + timeout.toNanos();
    while (!healthy()) {
      if (!process.isAlive())
        throw new AssertionError("server exited with " + process.exitValue() + "\n" + logTail());
      if (System.nanoTime() > deadline) {
        throw new AssertionError("server not healthy within " + timeout + "\n" + logTail());
      }
      sleep(50);
    }
    return Duration.ofNanos(System.nanoTime() - begin);
  }

  /**
   * Starts the process and waits for it to end by itself (a start that must fail); returns its exit
   * status.
   */
  public int runToExit(Duration timeout) {
    launch();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("server still running after " + timeout + "\n" + logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  /** SIGTERM (a graceful stop), then waits for the process to be gone; returns its exit status. */
  public int stop(Duration timeout) {
    process.destroy();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "server not stopped within " + timeout + " of SIGTERM\n" + logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  /** The running server process, e.g. to find the processes it started. */
  public ProcessHandle handle() {
    if (process == null) throw new IllegalStateException("not started");
    return process.toHandle();
  }

  /** What the server wrote from its most recent start on (console and log: one stream). */
  public String outputOfLastStart() {
    try {
      String all = Files.readString(logFile, StandardCharsets.UTF_8);
      String marker = "---- start " + starts + "\n";
      return all.substring(all.lastIndexOf(marker) + marker.length());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void launch() {
    if (process != null && process.isAlive()) throw new IllegalStateException("already running");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(javaBin));
    command.addAll(baseOptions);
    command.addAll(jvmOptions);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), "dev.hookkeeper.app.cli.Main"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    try {
      Files.writeString(
          logFile,
          "---- start " + (++starts) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL, then waits for the process to be gone; returns its exit status. */
  public int kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS))
        throw new AssertionError("killed server still alive");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  public boolean healthy() {
    try {
      HttpResponse<Void> r =
          PROBE.send(
              HttpRequest.newBuilder(URI.create(url() + "/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines the server wrote, for a failure message. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return "---- tail of "
          + logFile
          + "\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Ends a still-running process the hard way: nothing is left behind after a test. */
  @Override
  public void close() {
    if (process != null && process.isAlive()) kill();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
