package dev.hookkeeper.app;

import dev.hookkeeper.persistence.SecretFileException;
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
        log.atInfo().addKeyValue("grace_ms", config.cluster().shutdownGrace().toMillis())
            .log("shutting down: not ready, finishing in-flight requests");
        try {
          if (running instanceof RunningServer server) {
            server.drainThenClose(config.cluster().shutdownGrace());
          } else {
            running.close();
          }
          log.info("stopped");
        } catch (Exception e) {
          log.warn("shutdown: {}", e.toString());
        }
        flushLogs();
      }, "hookkeeper-shutdown"));
    } catch (SecretFileException e) {
      // a damaged or missing secret file: the message says which and what to do, a stack trace adds nothing
      Console.err("Hookkeeper cannot start: " + e.getMessage());
      flushLogs();
      System.exit(1);
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
    server.generatedAdminTokenFile().ifPresent(file -> AdminTokenBanner.print(file, server.localUrl()));
    return server;
  }
}
