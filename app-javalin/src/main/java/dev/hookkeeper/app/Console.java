package dev.hookkeeper.app;

import java.io.PrintStream;

/**
 * The only place that writes to the terminal directly: configuration errors, a refused start, where
 * a generated admin token was written (never the token) and the demo's steps. Everything else goes
 * through the log.
 */
final class Console {
  private Console() {}

  static void out(String line) {
    stdout().println(line);
    stdout().flush();
  }

  static void err(String line) {
    System.err.println(line);
    System.err.flush();
  }

  private static PrintStream stdout() {
    return System.out;
  }
}
