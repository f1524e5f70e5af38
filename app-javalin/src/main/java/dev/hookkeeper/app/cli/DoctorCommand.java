package dev.hookkeeper.app.cli;

import dev.hookkeeper.app.AppConfig;
import dev.hookkeeper.app.InvalidConfigException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code doctor}: checks what a start depends on — the configuration, the public URL, the key and
 * the secret files, the database and its schema, the provider APIs — one line per check, exit
 * status 1 on any failure. Changes nothing.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Check what the server needs: configuration, keys, database, provider APIs.",
      "The configuration, the encryption key and secret files, the database and its schema, the",
      "provider APIs at the configured URLs, and whether WEBHOOK_BASE_URL is https. One line per",
      "check (ok, warn, FAIL); exit status 1 on any failure."
    })
final class DoctorCommand implements Callable<Integer> {
  private final CliContext context;

  DoctorCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    List<Check> checks = new ArrayList<>();
    AppConfig config;
    try {
      config = context.config();
      checks.add(
          Check.ok(
              "configuration",
              "valid ("
                  + (config.embeddedDatabase()
                      ? "embedded database in " + config.dataDir()
                      : "DATABASE_URL")
                  + ")"));
    } catch (InvalidConfigException e) {
      e.problems().forEach(p -> checks.add(Check.fail("configuration", p)));
      return report(checks, "the other checks need a valid configuration");
    }
    checks.add(publicUrl(config.webhookBaseUrl()));
    checks.addAll(DataDirectoryChecks.run(config));
    checks.addAll(DatabaseChecks.run(config));
    checks.addAll(ProviderChecks.run(config));
    return report(checks, null);
  }

  private int report(List<Check> checks, String note) {
    checks.forEach(c -> context.out().println(c.line()));
    long failed = checks.stream().filter(Check::failed).count();
    long warned = checks.stream().filter(c -> c.status() == Check.Status.WARN).count();
    context
        .out()
        .println(
            checks.size()
                + " checks: "
                + failed
                + " failed, "
                + warned
                + " warnings"
                + (note == null ? "" : " (" + note + ")"));
    return failed == 0 ? 0 : HookkeeperCli.FAILED;
  }

  private static Check publicUrl(String base) {
    String name = "WEBHOOK_BASE_URL";
    if (base == null) {
      return Check.fail(
          name,
          "not set: providers can reach this server only at 127.0.0.1 (fine for --demo);"
              + " set the public https URL");
    }
    if (URI.create(base).getScheme().equals("https")) return Check.ok(name, base + " is https");
    return Check.fail(
        name,
        base + " is not https: GitHub and GitLab would send secrets and payloads in clear text");
  }
}
