package dev.hookkeeper.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command tree without a database: help, usage errors, configuration errors, the default
 * command.
 */
class CommandLineTest {

  @Test
  void help_lists_every_command_and_each_command_has_its_own_help() {
    Cli.Result root = Cli.run(Map.of(), "--help");
    assertThat(root.status()).isZero();
    assertThat(root.out())
        .contains(
            "Usage: hookkeeper [-hV] [--demo] [COMMAND]",
            "serve",
            "users",
            "keys",
            "deliveries",
            "doctor");
    for (List<String> command :
        List.of(
            List.of("serve"),
            List.of("users"),
            List.of("users", "create"),
            List.of("users", "token-rotate"),
            List.of("keys"),
            List.of("keys", "rotate"),
            List.of("deliveries"),
            List.of("deliveries", "send"),
            List.of("doctor"))) {
      String[] args =
          java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--help"))
              .toArray(String[]::new);
      Cli.Result help = Cli.run(Map.of(), args);
      assertThat(help.status()).as(String.join(" ", args)).isZero();
      assertThat(help.out())
          .as(String.join(" ", args))
          .contains("Usage: hookkeeper " + String.join(" ", command));
    }
    assertThat(Cli.run(Map.of(), "deliveries", "send", "--help").out())
        .contains("--provider", "--event", "--url", "--secret", "--hook-id", "--delivery-id");
  }

  @Test
  void no_command_serves_and_demo_still_means_the_demo() {
    CommandLine cli =
        HookkeeperCli.commandLine(
            new CliContext(
                Map.of(),
                new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()),
                e -> {}));
    CommandLine.ParseResult parsed = cli.parseArgs("--demo");
    assertThat(parsed.hasSubcommand()).isFalse();
    assertThat(((RootCommand) cli.getCommand()).demo).isTrue();
    CommandLine.ParseResult serve = cli.parseArgs("serve", "--demo");
    assertThat(serve.subcommand().commandSpec().userObject()).isInstanceOf(ServeCommand.class);
  }

  @Test
  void usage_errors_exit_2_with_a_reason() {
    Cli.Result unknown = Cli.run(Map.of(), "frobnicate");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unmatched argument", "frobnicate");
    Cli.Result group = Cli.run(Map.of(), "users");
    assertThat(group.status()).isEqualTo(2);
    assertThat(group.err()).contains("Missing required subcommand", "Usage: hookkeeper users");
    Cli.Result missing = Cli.run(Map.of(), "users", "create");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required parameter: 'NAME'");
    Cli.Result provider =
        Cli.run(
            Map.of(),
            "deliveries",
            "send",
            "x.json",
            "--provider",
            "bitbucket",
            "--event",
            "push",
            "--url",
            "http://127.0.0.1:1/",
            "--secret",
            "s3cret-value");
    assertThat(provider.status()).isEqualTo(2);
    assertThat(provider.err())
        .contains("--provider must be github or gitlab")
        .doesNotContain("s3cret-value");
  }

  @Test
  void a_command_reads_the_servers_configuration_and_says_every_problem() {
    Cli.Result r =
        Cli.run(
            Map.of("PORT", "eighty", "DATABASE_URL", "mysql://nope"), "users", "create", "dora");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "configuration error: PORT must be an integer",
            "configuration error: DATABASE_URL must be a jdbc:postgresql: or postgres:// URL",
            "configuration error: WEBHOOK_SECRET_ENCRYPTION_KEY is required when DATABASE_URL is set");
  }
}
