package dev.hookkeeper.app;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar hookkeeper.jar [--demo]}: reads the environment, starts the server (and, with
 * {@code --demo}, the simulated providers), and stops everything gracefully on SIGTERM.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    List<String> arguments = List.of(args);
    boolean demo = arguments.contains("--demo");
    if (arguments.stream().anyMatch(a -> !a.equals("--demo"))) {
      Console.err("usage: java -jar hookkeeper.jar [--demo]");
      System.exit(2);
    }
    AppConfig config;
    try {
      config = AppConfig.fromEnv(System.getenv());
    } catch (InvalidConfigException e) {
      e.problems().forEach(p -> Console.err("configuration error: " + p));
      System.exit(2);
      return;
    }
    try {
      AutoCloseable running = demo ? DemoLauncher.start(config) : startServer(config);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        log.info("shutting down");
        try {
          running.close();
          log.info("stopped");
        } catch (Exception e) {
          log.warn("shutdown: {}", e.toString());
        }
        flushLogs();
      }, "hookkeeper-shutdown"));
    } catch (RuntimeException e) {
      log.atError().setCause(e).log("Hookkeeper failed to start");
      Console.err("Hookkeeper failed to start: " + e.getMessage());
      System.exit(1);
    }
  }

  /** The log appender is asynchronous: drain it before the JVM exits. */
  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) context.stop();
  }

  private static RunningServer startServer(AppConfig config) {
    config.warnings().forEach(log::warn);
    RunningServer server = Wiring.start(config);
    server.generatedAdminToken().ifPresent(token -> AdminTokenBanner.print(token, server.localUrl()));
    return server;
  }
}
