package dev.hookkeeper.github;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The few fields Hookkeeper reads from each GitHub event, as records Jackson binds by snake_case
 * name. Everything else in the (often 20 kB) payloads is skipped by the parser without being built
 * into objects, which keeps decoding fast. Every component may be {@code null}: presence is checked
 * where the value is needed.
 */
final class GitHubPayloads {
  private GitHubPayloads() {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Repo(Long id, String fullName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Login(String login, String name) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Ref(String ref) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Numbered(Long number) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Named(Long id, String name, String path) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Step(String name, String conclusion) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Skipped() {}

  /** Any event: what every delivery's log line shows. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Envelope(String action, Repo repository) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record WorkflowRun(
      Long id,
      Integer runAttempt,
      Long workflowId,
      String name,
      String path,
      Long runNumber,
      String headBranch,
      String headSha,
      String status,
      String conclusion,
      String htmlUrl,
      String event,
      String createdAt,
      String updatedAt,
      List<Numbered> pullRequests) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record WorkflowRunEvent(String action, Repo repository, WorkflowRun workflowRun, Named workflow) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record WorkflowJob(
      Long id,
      Long runId,
      Integer runAttempt,
      String name,
      String status,
      String conclusion,
      String htmlUrl,
      String completedAt,
      List<Step> steps) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record WorkflowJobEvent(String action, Repo repository, WorkflowJob workflowJob) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record CheckRun(Long id, String name, String status, String conclusion, String headSha, String htmlUrl) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record CheckRunEvent(String action, Repo repository, CheckRun checkRun) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PullRequest(Long number, String title, String state, Boolean merged, Login user, Ref head, String htmlUrl) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PullRequestEvent(String action, Repo repository, Long number, PullRequest pullRequest) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PushEvent(
      Repo repository, String ref, String before, String after, List<Skipped> commits, Login pusher, Login sender) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record HookRef(Long id) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record HookEvent(String action, Repo repository, Long hookId, HookRef hook, String zen) {}
}
