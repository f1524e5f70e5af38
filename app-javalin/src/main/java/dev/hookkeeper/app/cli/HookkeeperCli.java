package dev.hookkeeper.app.cli;

import dev.hookkeeper.app.InvalidConfigException;
import dev.hookkeeper.persistence.SecretFileException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The command tree and how it ends: an exit status, one line per problem, never a stack trace. */
final class HookkeeperCli {
  static final int USAGE = CommandLine.ExitCode.USAGE;
  static final int FAILED = 1;

  private HookkeeperCli() {}

  /** Runs {@code args}; returns the exit status. */
  static int run(CliContext context, String... args) {
    return commandLine(context).execute(args);
  }

  static CommandLine commandLine(CliContext context) {
    CommandLine cli =
        new CommandLine(new RootCommand(context))
            .addSubcommand(new ServeCommand(context))
            .addSubcommand(
                new CommandLine(new UsersCommand())
                    .addSubcommand(new CreateUserCommand(context))
                    .addSubcommand(new RotateUserTokenCommand(context)))
            .addSubcommand(
                new CommandLine(new KeysCommand()).addSubcommand(new RotateKeysCommand(context)))
            .addSubcommand(
                new CommandLine(new DeliveriesCommand())
                    .addSubcommand(new SendDeliveryCommand(context)))
            .addSubcommand(new DoctorCommand(context));
    cli.setOut(context.out()).setErr(context.err());
    cli.setExecutionStrategy(
        parsed -> {
          if (!serves(parsed)) context.beforeCommand();
          return new CommandLine.RunLast().execute(parsed);
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          if (e instanceof InvalidConfigException invalid) {
            invalid
                .problems()
                .forEach(p -> commandLine.getErr().println("configuration error: " + p));
            return USAGE;
          }
          String message =
              e instanceof SecretFileException
                  ? e.getMessage()
                  : e.getClass().getSimpleName() + ": " + e.getMessage();
          commandLine.getErr().println(commandLine.getCommandName() + ": " + message);
          return FAILED;
        });
    return cli;
  }

  /** No command, or {@code serve}: the server, whose logs stay as configured. */
  private static boolean serves(ParseResult parsed) {
    List<CommandLine> chain = parsed.asCommandLineList();
    CommandLine last = chain.get(chain.size() - 1);
    return chain.size() == 1 || last.getCommand() instanceof ServeCommand;
  }
}
