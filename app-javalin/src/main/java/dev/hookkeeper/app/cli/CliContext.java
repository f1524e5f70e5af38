package dev.hookkeeper.app.cli;

import dev.hookkeeper.app.AppConfig;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What every command runs with: the environment it reads its configuration from (the server's
 * variables, {@link AppConfig#fromEnv}), where it writes, and whether {@code serve} left a server
 * running (then the JVM must not exit).
 */
final class CliContext {
  private final Map<String, String> env;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Consumer<Map<String, String>> beforeCommand;
  private volatile AutoCloseable server;

  /**
   * @param beforeCommand runs before any command but {@code serve} (the real main quiets the logs)
   */
  CliContext(
      Map<String, String> env,
      PrintWriter out,
      PrintWriter err,
      Consumer<Map<String, String>> beforeCommand) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env == null"));
    this.out = Objects.requireNonNull(out, "out == null");
    this.err = Objects.requireNonNull(err, "err == null");
    this.beforeCommand = Objects.requireNonNull(beforeCommand, "beforeCommand == null");
  }

  Map<String, String> env() {
    return env;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  /**
   * @throws dev.hookkeeper.app.InvalidConfigException with every problem found
   */
  AppConfig config() {
    return AppConfig.fromEnv(env);
  }

  void beforeCommand() {
    beforeCommand.accept(env);
  }

  void serving(AutoCloseable running) {
    this.server = running;
  }

  boolean serving() {
    return server != null;
  }

  /** The server {@code serve} started, for a test to stop. */
  AutoCloseable server() {
    return server;
  }
}
