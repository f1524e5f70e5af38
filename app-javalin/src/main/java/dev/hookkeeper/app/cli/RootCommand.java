package dev.hookkeeper.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hookkeeper}: with no command it serves, as {@code java -jar hookkeeper.jar [--demo]}
 * always did.
 */
@Command(
    name = "hookkeeper",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Automatic repository-webhook management for GitHub and GitLab. Without a command: serve.",
    synopsisSubcommandLabel = "[COMMAND]",
    footer = {
      "",
      "Every command reads the server's environment variables (README, \"Configuration\")."
    })
final class RootCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(
      names = "--demo",
      description = "Serve the offline demo: simulated GitHub and GitLab, throw-away data.")
  boolean demo;

  RootCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    return ServeCommand.serve(context, demo);
  }
}
