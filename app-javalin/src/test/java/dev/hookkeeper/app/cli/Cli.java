package dev.hookkeeper.app.cli;

import dev.hookkeeper.app.support.TestApp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * The command line run in this JVM, as {@code java -jar hookkeeper.jar ARGS} would run it, its
 * output captured.
 */
final class Cli {
  private Cli() {}

  /** What a run printed and its exit status. */
  record Result(int status, String out, String err) {
    String all() {
      return out + err;
    }

    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(env, new PrintWriter(out, true), new PrintWriter(err, true), e -> {});
    int status = HookkeeperCli.run(context, args);
    if (context.serving())
      throw new AssertionError("a test left a server running: " + String.join(" ", args));
    return new Result(status, out.toString(), err.toString());
  }

  /** The environment of a server on {@code app}'s database, key and simulated providers. */
  static Map<String, String> envOf(TestApp app) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", app.databaseUrl);
    env.put("WEBHOOK_SECRET_ENCRYPTION_KEY", app.encryptionKey);
    env.put("HOOKKEEPER_ADMIN_TOKEN", TestApp.ADMIN_TOKEN);
    env.put("GITHUB_API_URL", app.github.baseUrl());
    env.put("GITLAB_URL", app.gitlab.baseUrl());
    return env;
  }
}
