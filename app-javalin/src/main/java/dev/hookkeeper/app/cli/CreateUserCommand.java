package dev.hookkeeper.app.cli;

import dev.hookkeeper.core.usecase.CreateUser;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code users create NAME}: a new user; its id and API token are printed, the token this once. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Create a user and print its id and API token.",
      "The token is shown this once: it is stored only as a SHA-256 hash."
    })
final class CreateUserCommand implements Callable<Integer> {
  private final CliContext context;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "The user's name (at most 100 characters).")
  String name;

  CreateUserCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CreateUser.CreatedUser created;
    try (CommandDatabase database = CommandDatabase.open(context.config())) {
      created = new UserAccounts(database).createUser().create(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    context.out().println("id: " + created.user().id().value());
    context.out().println("api_token: " + created.apiToken().reveal());
    context.err().println("The API token is shown this once; Hookkeeper keeps only its hash.");
    return 0;
  }
}
