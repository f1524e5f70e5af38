package dev.hookkeeper.app.demo;

import dev.hookkeeper.core.usecase.CreateUser;
import dev.hookkeeper.core.usecase.UseCases;
import java.util.function.Consumer;

/** Creates the demo user and prints, step by step, the commands that show the whole product. */
public final class DemoGuide {
  private DemoGuide() {}

  public static void print(UseCases useCases, String url, Consumer<String> out) {
    CreateUser.CreatedUser user = useCases.createUser().create("demo");
    String auth = "-H 'Authorization: Bearer " + user.apiToken().reveal() + "'";
    String json = "-H 'Content-Type: application/json'";
    out.accept("");
    out.accept("Hookkeeper demo: simulated GitHub and GitLab are running in this process; nothing leaves 127.0.0.1.");
    out.accept("");
    out.accept("In a browser: open " + url + "/ and click \"Sign in with GitHub\" (or GitLab), then \"Authorize\" on the");
    out.accept("simulated provider's page; connect octo-org/octo-repo, and make GitHub run CI with the commands of step 4.");
    out.accept("");
    out.accept("Or with curl, as an API user:");
    out.accept("A demo API user was created. In another terminal:");
    out.accept("");
    out.accept("1. Store the demo GitHub token (checked against the simulated GitHub):");
    out.accept("   curl -s -X PUT " + url + "/api/v2/providers/github/token " + auth + " " + json
        + " -d '{\"access_token\": \"" + DemoProviders.GITHUB_TOKEN + "\"}'");
    out.accept("");
    out.accept("2. Connect the repository; Hookkeeper creates the webhook and GitHub pings it:");
    out.accept("   CONN=$(curl -s -X POST " + url + "/api/v2/repositories/connect " + auth + " " + json
        + " -d '{\"repository_full_name\": \"" + DemoProviders.GITHUB_REPO + "\"}'"
        + " | grep -o '\"id\":\"conn_[^\"]*\"' | cut -d'\"' -f4); echo $CONN");
    out.accept("   curl -s " + url + "/api/v2/repositories/$CONN/webhook/status " + auth);
    out.accept("");
    out.accept("3. Watch the live stream (a third terminal; Ctrl-C to stop):");
    out.accept("   curl -N -H 'Accept: text/event-stream' " + auth + " " + url + "/api/v2/events");
    out.accept("");
    out.accept("4. Make GitHub send a real workflow_run payload with conclusion failure:");
    out.accept("   curl -s -X POST '" + url + "/demo/github/workflow-run?conclusion=failure'");
    out.accept("   -> incident.opened arrives on the stream; then list it:");
    out.accept("   curl -s '" + url + "/api/v2/incidents?status=open' " + auth);
    out.accept("");
    out.accept("5. A successful run resolves it:");
    out.accept("   curl -s -X POST '" + url + "/demo/github/workflow-run?conclusion=success'");
    out.accept("   curl -s " + url + "/api/v2/repositories/$CONN/deliveries " + auth);
    out.accept("");
    out.accept("6. Disconnect; Hookkeeper deletes the webhook at GitHub:");
    out.accept("   curl -s -X DELETE " + url + "/api/v2/repositories/$CONN/disconnect " + auth);
    out.accept("");
    out.accept("GitLab works the same way: token " + DemoProviders.GITLAB_TOKEN + " on /api/v2/providers/gitlab/token,");
    out.accept("connect {\"repository_full_name\": \"" + DemoProviders.GITLAB_PROJECT + "\", \"provider\": \"gitlab\"},");
    out.accept("then curl -s -X POST '" + url + "/demo/gitlab/pipeline?status=failed'.");
    out.accept("");
  }
}
