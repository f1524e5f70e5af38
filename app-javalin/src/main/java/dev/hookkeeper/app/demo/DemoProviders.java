package dev.hookkeeper.app.demo;

import dev.hookkeeper.github.simulator.FiredRun;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.gitlab.simulator.FiredPipeline;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated GitHub and GitLab of the offline demo, seeded with one repository each and a user
 * allowed to manage its hooks, plus two demo-only routes that make the simulators run CI once: the
 * run appears in the provider's runs API and its webhooks (real payloads, retargeted, signed like the
 * real providers do) go to every subscribed hook.
 */
public final class DemoProviders implements AutoCloseable {
  public static final String GITHUB_REPO = "octo-org/octo-repo";
  public static final long GITHUB_REPO_ID = 300029405L;
  public static final String GITHUB_TOKEN = "ghp_demoOctocatToken0000000000000000000";
  public static final String GITLAB_PROJECT = "demo-group/demo-project";
  public static final String GITLAB_TOKEN = "glpat-demoMaintainerToken000";
  private static final Set<String> CONCLUSIONS = Set.of("failure", "success", "cancelled", "timed_out");
  private static final Set<String> STATUSES = Set.of("failed", "success", "canceled");

  private final GitHubSimulator github;
  private final GitLabSimulator gitlab;

  private DemoProviders(GitHubSimulator github, GitLabSimulator gitlab) {
    this.github = github;
    this.gitlab = gitlab;
  }

  public static DemoProviders start() {
    GitHubSimulator github = GitHubSimulator.start();
    github.addRepository(GITHUB_REPO, GITHUB_REPO_ID, false, "main");
    github.addUser("octocat", GITHUB_TOKEN, List.of("repo", "admin:repo_hook"));
    github.grant("octocat", GITHUB_REPO, GitHubSimulator.Role.ADMIN);
    GitLabSimulator gitlab = GitLabSimulator.start();
    gitlab.addProject(GITLAB_PROJECT);
    gitlab.addUser("gitlab-demo", GITLAB_TOKEN);
    gitlab.grant("gitlab-demo", GITLAB_PROJECT, GitLabSimulator.Role.MAINTAINER);
    return new DemoProviders(github, gitlab);
  }

  public String githubApiUrl() {
    return github.baseUrl();
  }

  public String gitlabUrl() {
    return gitlab.baseUrl();
  }

  /** The simulated github.com (its OAuth pages), for {@code GITHUB_URL}. */
  public String githubWebUrl() {
    return github.webUrl();
  }

  /**
   * Registers the demo's OAuth applications with the simulated providers, their callbacks on the
   * running server, and signs the demo users in to the simulated providers' web pages: "Sign in with
   * GitHub" (or GitLab) then takes one click on the provider's consent page and no account.
   */
  public void registerOAuthApps(String serverUrl, String githubClientId, String githubSecret, String gitlabClientId,
      String gitlabSecret) {
    github.registerOAuthApp(githubClientId, githubSecret, serverUrl + "/auth/github/callback", "Hookkeeper demo");
    github.browserSignIn("octocat");
    gitlab.registerOAuthApp(gitlabClientId, gitlabSecret, serverUrl + "/auth/gitlab/callback", "Hookkeeper demo");
    gitlab.browserSignIn("gitlab-demo");
  }

  /** {@code POST /demo/github/workflow-run?conclusion=} and {@code POST /demo/gitlab/pipeline?status=}. */
  public void registerRoutes(RoutesConfig routes) {
    routes.post("/demo/github/workflow-run", this::fireGitHubRun);
    routes.post("/demo/gitlab/pipeline", this::fireGitLabPipeline);
  }

  private void fireGitHubRun(Context ctx) {
    String conclusion = ctx.queryParamAsClass("conclusion", String.class).getOrDefault("failure");
    if (!CONCLUSIONS.contains(conclusion)) {
      badRequest(ctx, "'conclusion' must be one of " + CONCLUSIONS);
      return;
    }
    GitHubSimulator.SimulatedRun run = github.fireWorkflowRun(GITHUB_REPO, new FiredRun("CI", "main", "push", conclusion,
        List.of(new FiredRun.Job("build", conclusion, "Run tests"))));
    List<Integer> statuses = run.deliveries().stream().map(GitHubSimulator.SimulatedDelivery::statusCode).toList();
    ctx.json(Map.of("event", "workflow_run", "conclusion", conclusion, "run_id", run.runId(), "hook_responses", statuses));
  }

  private void fireGitLabPipeline(Context ctx) {
    String status = ctx.queryParamAsClass("status", String.class).getOrDefault("failed");
    if (!STATUSES.contains(status)) {
      badRequest(ctx, "'status' must be one of " + STATUSES);
      return;
    }
    GitLabSimulator.SimulatedPipeline pipeline = gitlab.firePipeline(GITLAB_PROJECT, new FiredPipeline("main", "push", null, status,
        List.of(new FiredPipeline.Job("test", "test", status, "failed".equals(status) ? "script_failure" : null))));
    List<Integer> statuses = pipeline.attempts().stream().map(GitLabSimulator.Attempt::statusCode).toList();
    ctx.json(Map.of("event", "Pipeline Hook", "status", status, "pipeline_id", pipeline.pipelineId(), "hook_responses", statuses));
  }

  private static void badRequest(Context ctx, String message) {
    ctx.status(400).json(Map.of("error", "invalid_parameter", "message", message));
  }

  @Override
  public void close() {
    github.close();
    gitlab.close();
  }
}
