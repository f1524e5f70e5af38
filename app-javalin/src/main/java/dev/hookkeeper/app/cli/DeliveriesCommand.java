package dev.hookkeeper.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code deliveries}: webhook deliveries for local development. */
@Command(
    name = "deliveries",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Send a signed delivery as GitHub or GitLab would.",
    synopsisSubcommandLabel = "COMMAND")
final class DeliveriesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
