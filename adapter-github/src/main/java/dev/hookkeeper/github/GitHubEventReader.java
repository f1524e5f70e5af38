package dev.hookkeeper.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.port.MalformedPayloadException;
import dev.hookkeeper.github.GitHubPayloads.CheckRunEvent;
import dev.hookkeeper.github.GitHubPayloads.Envelope;
import dev.hookkeeper.github.GitHubPayloads.HookEvent;
import dev.hookkeeper.github.GitHubPayloads.PullRequestEvent;
import dev.hookkeeper.github.GitHubPayloads.PushEvent;
import dev.hookkeeper.github.GitHubPayloads.Repo;
import dev.hookkeeper.github.GitHubPayloads.WorkflowJobEvent;
import dev.hookkeeper.github.GitHubPayloads.WorkflowRunEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Maps one GitHub event's JSON to the core's domain events. Thread-safe. */
final class GitHubEventReader {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final ObjectReader envelope = MAPPER.readerFor(Envelope.class);
  private final ObjectReader workflowRun = MAPPER.readerFor(WorkflowRunEvent.class);
  private final ObjectReader workflowJob = MAPPER.readerFor(WorkflowJobEvent.class);
  private final ObjectReader checkRun = MAPPER.readerFor(CheckRunEvent.class);
  private final ObjectReader pullRequest = MAPPER.readerFor(PullRequestEvent.class);
  private final ObjectReader push = MAPPER.readerFor(PushEvent.class);
  private final ObjectReader hook = MAPPER.readerFor(HookEvent.class);

  DecodedEvent read(String event, byte[] json) {
    switch (event) {
      case "workflow_run":
        return workflowRun(bind(workflowRun, json, event));
      case "workflow_job":
        return workflowJob(bind(workflowJob, json, event));
      case "check_run":
        return checkRun(bind(checkRun, json, event));
      case "pull_request":
        return pullRequest(bind(pullRequest, json, event));
      case "push":
        return push(bind(push, json, event));
      case "ping":
      case "meta":
        return hookEvent(event, bind(hook, json, event));
      case "repository":
        return repository(bind(envelope, json, event));
      default:
        Envelope e = bind(envelope, json, event);
        return new DecodedEvent(event, e.action(), repo(e.repository()), new DomainEvent.UnknownEvent(event));
    }
  }

  private DecodedEvent workflowRun(WorkflowRunEvent e) {
    RunSnapshot snapshot = runSnapshot(required(e.workflowRun(), "workflow_run", "workflow_run"), e.workflow(), e.action());
    return new DecodedEvent("workflow_run", e.action(), repo(e.repository()), new DomainEvent.WorkflowRunChanged(snapshot, List.of()));
  }

  /**
   * A {@code workflow-run} object as the core sees it. The same function reads the run of a webhook
   * and of the Actions REST API (the same object there), so a run caught up later equals the live one.
   *
   * @param workflow the webhook's {@code workflow} object; {@code null} from the REST API
   * @param action the webhook's action; {@code null} from the REST API
   */
  static RunSnapshot runSnapshot(GitHubPayloads.WorkflowRun run, GitHubPayloads.Named workflow, String action) {
    Long workflowId = required(run.workflowId(), "workflow_run", "workflow_run.workflow_id");
    List<Long> prs = new ArrayList<>();
    if (run.pullRequests() != null) {
      for (GitHubPayloads.Numbered pr : run.pullRequests()) {
        if (pr != null && pr.number() != null) prs.add(pr.number());
      }
    }
    return new RunSnapshot(
        required(run.id(), "workflow_run", "workflow_run.id"),
        attempt(run.runAttempt()),
        Long.toString(workflowId),
        workflowName(run, workflow, workflowId),
        run.runNumber() == null ? 0 : run.runNumber(),
        orEmpty(run.headBranch()),
        required(run.headSha(), "workflow_run", "workflow_run.head_sha"),
        status(run.status(), action),
        conclusion(run.conclusion()),
        orEmpty(run.htmlUrl()),
        orEmpty(run.event()),
        instant(required(run.createdAt(), "workflow_run", "workflow_run.created_at"), "workflow_run.created_at"),
        instant(run.updatedAt() == null ? run.createdAt() : run.updatedAt(), "workflow_run.updated_at"),
        prs);
  }

  /** The run's own name is empty in some payloads; the workflow's name or file path is the fallback. */
  private static String workflowName(GitHubPayloads.WorkflowRun run, GitHubPayloads.Named workflow, long workflowId) {
    if (run.name() != null && !run.name().isBlank()) return run.name();
    if (workflow != null && workflow.name() != null && !workflow.name().isBlank()) return workflow.name();
    if (run.path() != null && !run.path().isBlank()) return run.path();
    return "workflow " + workflowId;
  }

  private DecodedEvent workflowJob(WorkflowJobEvent e) {
    JobResult result = jobResult(required(e.workflowJob(), "workflow_job", "workflow_job"), e.action());
    return new DecodedEvent("workflow_job", e.action(), repo(e.repository()), new DomainEvent.WorkflowJobChanged(result));
  }

  /** A {@code job} object, from a {@code workflow_job} webhook or the jobs REST API (the same object). */
  static JobResult jobResult(GitHubPayloads.WorkflowJob job, String action) {
    List<String> failedSteps = new ArrayList<>();
    if (job.steps() != null) {
      for (GitHubPayloads.Step step : job.steps()) {
        if (step != null && step.name() != null && conclusion(step.conclusion()).isFailure()) failedSteps.add(step.name());
      }
    }
    return new JobResult(
        required(job.id(), "workflow_job", "workflow_job.id"),
        required(job.runId(), "workflow_job", "workflow_job.run_id"),
        attempt(job.runAttempt()),
        orEmpty(job.name()),
        status(job.status(), action),
        conclusion(job.conclusion()),
        null,
        failedSteps,
        orEmpty(job.htmlUrl()),
        job.completedAt() == null ? null : instant(job.completedAt(), "workflow_job.completed_at"));
  }

  private DecodedEvent checkRun(CheckRunEvent e) {
    GitHubPayloads.CheckRun run = required(e.checkRun(), "check_run", "check_run");
    // repository hooks get only created and completed; only a completed check is worth an event
    DomainEvent meaning =
        "completed".equals(e.action())
            ? new DomainEvent.CheckRunCompleted(
                required(run.id(), "check_run", "check_run.id"), orEmpty(run.name()), orEmpty(run.conclusion()),
                orEmpty(run.headSha()), orEmpty(run.htmlUrl()))
            : new DomainEvent.UnknownEvent("check_run");
    return new DecodedEvent("check_run", e.action(), repo(e.repository()), meaning);
  }

  private DecodedEvent pullRequest(PullRequestEvent e) {
    GitHubPayloads.PullRequest pr = required(e.pullRequest(), "pull_request", "pull_request");
    Long number = pr.number() != null ? pr.number() : required(e.number(), "pull_request", "number");
    DomainEvent meaning =
        new DomainEvent.PullRequestChanged(
            orEmpty(e.action()), number, orEmpty(pr.title()), orEmpty(pr.state()), Boolean.TRUE.equals(pr.merged()),
            pr.user() == null ? "" : orEmpty(pr.user().login()), pr.head() == null ? "" : orEmpty(pr.head().ref()),
            orEmpty(pr.htmlUrl()));
    return new DecodedEvent("pull_request", e.action(), repo(e.repository()), meaning);
  }

  private DecodedEvent push(PushEvent e) {
    String ref = required(e.ref(), "push", "ref");
    String pusher = e.pusher() != null && e.pusher().name() != null ? e.pusher().name()
        : e.sender() != null ? orEmpty(e.sender().login()) : "";
    DomainEvent meaning =
        new DomainEvent.Pushed(
            ref, orEmpty(e.before()), orEmpty(e.after()), e.commits() == null ? 0 : e.commits().size(), pusher,
            ref.startsWith("refs/tags/"));
    return new DecodedEvent("push", null, repo(e.repository()), meaning);
  }

  private DecodedEvent hookEvent(String event, HookEvent e) {
    Long id = e.hookId() != null ? e.hookId() : e.hook() == null ? null : e.hook().id();
    if ("ping".equals(event)) {
      String hookId = Long.toString(required(id, event, "hook_id"));
      return new DecodedEvent(event, e.action(), repo(e.repository()), new DomainEvent.Ping(hookId, orEmpty(e.zen())));
    }
    DomainEvent meaning =
        "deleted".equals(e.action())
            ? new DomainEvent.HookDeleted(Long.toString(required(id, event, "hook_id")))
            : new DomainEvent.UnknownEvent(event);
    return new DecodedEvent(event, e.action(), repo(e.repository()), meaning);
  }

  private DecodedEvent repository(Envelope e) {
    DomainEvent meaning;
    if ("renamed".equals(e.action()) || "transferred".equals(e.action())) {
      Repo r = required(e.repository(), "repository", "repository");
      meaning =
          new DomainEvent.RepositoryRenamed(
              required(r.id(), "repository", "repository.id"), required(r.fullName(), "repository", "repository.full_name"), e.action());
    } else {
      meaning = new DomainEvent.UnknownEvent("repository");
    }
    return new DecodedEvent("repository", e.action(), repo(e.repository()), meaning);
  }

  private static <T> T bind(ObjectReader reader, byte[] json, String event) {
    try {
      T value = reader.readValue(json);
      if (value == null) throw new MalformedPayloadException(event + " payload is JSON null, not an object");
      return value;
    } catch (JsonProcessingException e) {
      throw new MalformedPayloadException(event + " payload is not the expected JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedPayloadException(event + " payload could not be read: " + e.getMessage(), e);
    }
  }

  private static ProviderRepoRef repo(Repo r) {
    if (r == null || r.id() == null || r.fullName() == null) return null;
    return new ProviderRepoRef(r.id(), r.fullName());
  }

  private static <T> T required(T value, String event, String field) {
    if (value == null) throw new MalformedPayloadException(event + " payload has no " + field);
    return value;
  }

  private static int attempt(Integer runAttempt) {
    // run_attempt is missing from payloads older than 2021; those runs were first attempts
    return runAttempt == null || runAttempt < 1 ? 1 : runAttempt;
  }

  static RunStatus status(String status, String action) {
    String s = status != null ? status : action == null ? "" : action;
    switch (s) {
      case "requested":
        return RunStatus.REQUESTED;
      case "queued":
      case "pending":
        return RunStatus.QUEUED;
      case "waiting":
      case "action_required":
        return RunStatus.WAITING;
      case "in_progress":
        return RunStatus.IN_PROGRESS;
      case "completed":
        return RunStatus.COMPLETED;
      default:
        return "completed".equals(action) ? RunStatus.COMPLETED : RunStatus.QUEUED;
    }
  }

  static RunConclusion conclusion(String conclusion) {
    if (conclusion == null || conclusion.isBlank()) return RunConclusion.NONE;
    try {
      return RunConclusion.valueOf(conclusion.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      // a conclusion GitHub adds later is recorded as neutral rather than refusing the delivery
      return RunConclusion.NEUTRAL;
    }
  }

  private static Instant instant(String text, String field) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new MalformedPayloadException(field + " is not an ISO-8601 instant: " + text, e);
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
