package dev.hookkeeper.app.bench;

import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestDatabase;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A real Hookkeeper server for load tests: embedded PostgreSQL, the GitHub simulator, one user
 * connected to one repository whose hook is active. Writes the hook id, its secret (read from the
 * simulator, which holds it as GitHub would), the user's API token (for the event stream) and the
 * ingest URL and the database's JDBC URL (for {@link InboxWatch}) to a properties file for the load
 * generators, serves for the given number of seconds, then stops.
 *
 * <pre>BenchTarget /tmp/hookkeeper-bench.properties 300</pre>
 *
 * <p>With {@code BENCH_DATABASE_URL} set it uses that PostgreSQL instead of the embedded one.
 */
public final class BenchTarget {
  /** The repository named in bench/workflow_run.completed.json. */
  static final String PAYLOAD_REPO = "octo-org/octo-repo";

  static final long PAYLOAD_REPO_ID = 300029405L;

  private BenchTarget() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path out = Path.of(args.length > 0 ? args[0] : "/tmp/hookkeeper-bench.properties");
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 300;
    // BENCH_DATABASE_URL: an external PostgreSQL instead of the embedded one
    String external = System.getenv("BENCH_DATABASE_URL");
    try (TestApp app =
        external == null || external.isBlank() ? TestApp.start() : TestApp.start(external)) {
      // the bench payload's own repository: ingest refuses a payload about another repository
      app.github.addRepository(PAYLOAD_REPO, PAYLOAD_REPO_ID, false, "master");
      app.github.grant("alice", PAYLOAD_REPO, GitHubSimulator.Role.ADMIN);
      TestApp.TestUser alice = app.gitHubUser("alice", TestApp.ALICE_GH);
      app.connectActive(alice, PAYLOAD_REPO, "github");
      List<GitHubSimulator.SimulatedHook> hooks = app.github.hooks(PAYLOAD_REPO);
      GitHubSimulator.SimulatedHook hook = hooks.get(0);
      // the file holds the hook secret and an API token: readable by this user only
      Files.deleteIfExists(out);
      Files.createFile(
          out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          out,
          "url="
              + app.url()
              + "/api/v2/webhooks/github\n"
              + "hook_id="
              + hook.id()
              + "\n"
              + "secret="
              + hook.secret()
              + "\n"
              + "token="
              + alice.token()
              + "\n"
              + "pid="
              + ProcessHandle.current().pid()
              + "\n"
              + "postgres_pid="
              + (external == null || external.isBlank() ? TestDatabase.postmasterPid() : -1)
              + "\n"
              + "jdbc_url="
              + app.databaseUrl
              + "\n");
      System.out.println("bench target ready: " + out + " (serving for " + seconds + " s)");
      Thread.sleep(Duration.ofSeconds(seconds).toMillis());
    }
  }
}
