package dev.hookkeeper.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log, as the command line needs it: quiet under a command's answer, drained before the JVM
 * exits.
 */
final class Logs {
  private Logs() {}

  /**
   * A command's answer is what the operator reads, so the start-up lines of the pool, Flyway and
   * the embedded database stay out of it; warnings and errors still show. {@code LOG_LEVEL}
   * overrides.
   */
  static void quiet(Map<String, String> env) {
    String level = env.get("LOG_LEVEL");
    if (level != null && !level.isBlank()) return;
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(Level.WARN);
    }
  }

  /** The log appender is asynchronous: drain it before the JVM exits. */
  static void flush() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) context.stop();
  }
}
