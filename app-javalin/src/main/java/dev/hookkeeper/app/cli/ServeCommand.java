package dev.hookkeeper.app.cli;

import dev.hookkeeper.app.AdminTokenBanner;
import dev.hookkeeper.app.AppConfig;
import dev.hookkeeper.app.DemoLauncher;
import dev.hookkeeper.app.RunningServer;
import dev.hookkeeper.app.Wiring;
import dev.hookkeeper.persistence.SecretFileException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve [--demo]}: reads the environment, starts the server (and, with {@code --demo}, the
 * simulated providers), and stops everything gracefully on SIGTERM.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Run the server (the default when no command is given).",
      "Stops gracefully on SIGTERM: not ready for HOOKKEEPER_SHUTDOWN_GRACE, then drains."
    })
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  private final CliContext context;

  @Option(
      names = "--demo",
      description =
          "The offline demo: simulated GitHub and GitLab, throw-away data, "
              + "step-by-step curl commands printed.")
  boolean demo;

  ServeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    return serve(context, demo);
  }

  static int serve(CliContext context, boolean demo) {
    AppConfig config = context.config();
    AutoCloseable running;
    try {
      running = demo ? DemoLauncher.start(config) : start(config);
    } catch (SecretFileException e) {
      // a damaged or missing secret file: the message says which and what to do, a stack trace adds
      // nothing
      context.err().println("Hookkeeper cannot start: " + e.getMessage());
      Logs.flush();
      return HookkeeperCli.FAILED;
    } catch (RuntimeException e) {
      log.atError().setCause(e).log("Hookkeeper failed to start");
      context.err().println("Hookkeeper failed to start: " + e.getMessage());
      return HookkeeperCli.FAILED;
    }
    context.serving(running);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(running, config), "hookkeeper-shutdown"));
    return 0;
  }

  private static RunningServer start(AppConfig config) {
    config.warnings().forEach(log::warn);
    RunningServer server = Wiring.start(config);
    server
        .generatedAdminTokenFile()
        .ifPresent(file -> AdminTokenBanner.print(file, server.localUrl()));
    return server;
  }

  private static void stop(AutoCloseable running, AppConfig config) {
    log.atInfo()
        .addKeyValue("grace_ms", config.cluster().shutdownGrace().toMillis())
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
    Logs.flush();
  }
}
