package dev.hookkeeper.app.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Real provider payloads (see {@code demo/SOURCES.md}) retargeted at a simulated repository: only
 * the repository, the run id, the outcome and the timestamps change.
 */
public final class DemoPayloads {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ObjectNode githubRun = load("demo/github-workflow_run.completed.json");
  private final ObjectNode gitlabPipeline = load("demo/gitlab-pipeline_hook.json");

  /** A {@code workflow_run} {@code completed} event of workflow "CI" on {@code main}. */
  public byte[] githubWorkflowRun(
      String repoFullName, long repoId, long runId, String conclusion, Instant createdAt) {
    return githubWorkflowRun(repoFullName, repoId, runId, conclusion, createdAt, "main");
  }

  /** As above, on {@code branch}. */
  public byte[] githubWorkflowRun(
      String repoFullName,
      long repoId,
      long runId,
      String conclusion,
      Instant createdAt,
      String branch) {
    ObjectNode payload = githubRun.deepCopy();
    payload.put("action", "completed");
    ObjectNode run = (ObjectNode) payload.get("workflow_run");
    Instant created = createdAt.truncatedTo(ChronoUnit.SECONDS);
    run.put("id", runId);
    run.put("run_number", runId % 100_000);
    run.put("run_attempt", 1);
    run.put("status", "completed");
    run.put("conclusion", conclusion);
    run.put("head_branch", branch);
    run.put("created_at", created.toString());
    run.put("run_started_at", created.toString());
    run.put("updated_at", created.plus(Duration.ofMinutes(1)).toString());
    run.put("html_url", "https://github.com/" + repoFullName + "/actions/runs/" + runId);
    retargetGitHub((ObjectNode) payload.get("repository"), repoFullName, repoId);
    if (run.get("repository") instanceof ObjectNode r) retargetGitHub(r, repoFullName, repoId);
    if (run.get("head_repository") instanceof ObjectNode r) retargetGitHub(r, repoFullName, repoId);
    return bytes(payload);
  }

  /**
   * A GitLab {@code Pipeline Hook} with {@code status} ({@code failed}, {@code success}) on {@code
   * main}.
   */
  public byte[] gitlabPipeline(
      String projectPath, long projectId, long pipelineId, String status, Instant createdAt) {
    ObjectNode payload = gitlabPipeline.deepCopy();
    ObjectNode attrs = (ObjectNode) payload.get("object_attributes");
    Instant created = createdAt.truncatedTo(ChronoUnit.SECONDS);
    attrs.put("id", pipelineId);
    attrs.put("iid", pipelineId % 100_000);
    attrs.put("status", status);
    attrs.put("ref", "main");
    attrs.put("created_at", created.toString());
    attrs.put("finished_at", created.plus(Duration.ofMinutes(1)).toString());
    attrs.put("url", "https://gitlab.example.com/" + projectPath + "/-/pipelines/" + pipelineId);
    ObjectNode project = (ObjectNode) payload.get("project");
    project.put("id", projectId);
    project.put("path_with_namespace", projectPath);
    project.put("name", projectPath.substring(projectPath.lastIndexOf('/') + 1));
    project.put("default_branch", "main");
    return bytes(payload);
  }

  private static void retargetGitHub(ObjectNode repo, String fullName, long id) {
    repo.put("id", id);
    repo.put("full_name", fullName);
    repo.put("name", fullName.substring(fullName.indexOf('/') + 1));
    if (repo.get("owner") instanceof ObjectNode owner)
      owner.put("login", fullName.substring(0, fullName.indexOf('/')));
  }

  private static ObjectNode load(String resource) {
    try (InputStream in = DemoPayloads.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing resource " + resource);
      return (ObjectNode) MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
