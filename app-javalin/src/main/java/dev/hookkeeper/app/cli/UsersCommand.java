package dev.hookkeeper.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code users}: the operator's user commands, on the database directly (no admin token needed).
 */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Create users and replace their API tokens, on the configured database.",
    synopsisSubcommandLabel = "COMMAND")
final class UsersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
