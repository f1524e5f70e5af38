package dev.hookkeeper.app.cli;

import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.usecase.RotateApiToken;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code users token-rotate ID}: the user's API token replaced; the new one printed once. */
@Command(
    name = "token-rotate",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Replace a user's API token and print the new one.",
      "The old token is refused from now on; the new one is shown this once."
    })
final class RotateUserTokenCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(paramLabel = "ID", description = "The user's id (usr_…).")
  String id;

  RotateUserTokenCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (id.isBlank() || id.length() > 100) return notFound();
    RotateApiToken.Result result;
    try (CommandDatabase database = CommandDatabase.open(context.config())) {
      result = new UserAccounts(database).rotateApiToken().rotate(new UserId(id));
    }
    if (result instanceof RotateApiToken.Result.Rotated rotated) {
      context.out().println("id: " + id);
      context.out().println("api_token: " + rotated.apiToken().reveal());
      context
          .err()
          .println("The old token is refused from now on; the new one is shown this once.");
      return 0;
    }
    if (result instanceof RotateApiToken.Result.UserNotFound) return notFound();
    throw new AssertionError(result);
  }

  private int notFound() {
    context.err().println("users token-rotate: no user with id " + id);
    return HookkeeperCli.FAILED;
  }
}
