package dev.hookkeeper.app.demo;

import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated GitHub and GitLab of the offline demo, seeded with one repository each and a user
 * allowed to manage its hooks, plus two demo-only routes that make the simulators send a real
 * (retargeted) pipeline payload, signed like the real providers do.
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
  private final long gitlabProjectId;
  private final DemoPayloads payloads = new DemoPayloads();
  private final AtomicLong nextRunId = new AtomicLong(Instant.now().getEpochSecond() * 10);

  private DemoProviders(GitHubSimulator github, GitLabSimulator gitlab, long gitlabProjectId) {
    this.github = github;
    this.gitlab = gitlab;
    this.gitlabProjectId = gitlabProjectId;
  }

  public static DemoProviders start() {
    GitHubSimulator github = GitHubSimulator.start();
    github.addRepository(GITHUB_REPO, GITHUB_REPO_ID, false, "main");
    github.addUser("octocat", GITHUB_TOKEN, List.of("repo", "admin:repo_hook"));
    github.grant("octocat", GITHUB_REPO, GitHubSimulator.Role.ADMIN);
    GitLabSimulator gitlab = GitLabSimulator.start();
    long projectId = gitlab.addProject(GITLAB_PROJECT);
    gitlab.addUser("gitlab-demo", GITLAB_TOKEN);
    gitlab.grant("gitlab-demo", GITLAB_PROJECT, GitLabSimulator.Role.MAINTAINER);
    return new DemoProviders(github, gitlab, projectId);
  }

  public String githubApiUrl() {
    return github.baseUrl();
  }

  public String gitlabUrl() {
    return gitlab.baseUrl();
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
    byte[] payload = payloads.githubWorkflowRun(GITHUB_REPO, GITHUB_REPO_ID, nextRunId.incrementAndGet(),
        conclusion, Instant.now());
    List<Integer> statuses = github.deliver(GITHUB_REPO, "workflow_run", payload).stream()
        .map(GitHubSimulator.SimulatedDelivery::statusCode).toList();
    ctx.json(Map.of("event", "workflow_run", "conclusion", conclusion, "hook_responses", statuses));
  }

  private void fireGitLabPipeline(Context ctx) {
    String status = ctx.queryParamAsClass("status", String.class).getOrDefault("failed");
    if (!STATUSES.contains(status)) {
      badRequest(ctx, "'status' must be one of " + STATUSES);
      return;
    }
    byte[] payload = payloads.gitlabPipeline(GITLAB_PROJECT, gitlabProjectId, nextRunId.incrementAndGet(),
        status, Instant.now());
    List<Integer> statuses = gitlab.deliver(GITLAB_PROJECT, "Pipeline Hook", payload).stream()
        .map(GitLabSimulator.Attempt::statusCode).toList();
    ctx.json(Map.of("event", "Pipeline Hook", "status", status, "hook_responses", statuses));
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
