package dev.hookkeeper.app.cli;

import dev.hookkeeper.app.Console;

/**
 * {@code java -jar hookkeeper.jar [COMMAND]}: the server ({@code serve}, also with no command, so
 * {@code java -jar hookkeeper.jar --demo} still starts the demo) and the operator's commands. A
 * command's exit status ends the JVM; a started server keeps it running until SIGTERM.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CliContext context =
        new CliContext(System.getenv(), Console.outWriter(), Console.errWriter(), Logs::quiet);
    int status = HookkeeperCli.run(context, args);
    if (context.serving()) return;
    Logs.flush();
    System.exit(status);
  }
}
