package dev.hookkeeper.app;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * The only place that writes to the terminal directly: configuration errors, a refused start, where
 * a generated admin token was written (never the token), the demo's steps and the command line's
 * answers. Everything else goes through the log.
 */
public final class Console {
  private Console() {}

  /** Standard output for the command line (picocli writes its help and answers there). */
  public static PrintWriter outWriter() {
    return new PrintWriter(stdout(), true);
  }

  /** Standard error for the command line. */
  public static PrintWriter errWriter() {
    return new PrintWriter(System.err, true);
  }

  public static void out(String line) {
    stdout().println(line);
    stdout().flush();
  }

  public static void err(String line) {
    System.err.println(line);
    System.err.flush();
  }

  private static PrintStream stdout() {
    return System.out;
  }
}
