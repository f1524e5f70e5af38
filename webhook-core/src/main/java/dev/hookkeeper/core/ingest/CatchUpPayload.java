package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.DomainEvent.WorkflowRunChanged;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.port.MalformedPayloadException;
import dev.hookkeeper.core.support.MiniJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stored body of a caught-up run: the run as the provider's runs API gave it (already mapped
 * exactly as its webhook decodes, see {@code ProviderRunsApi}) with its failed jobs, in
 * Hookkeeper's own JSON. The processor decodes it back into the very {@link WorkflowRunChanged} the
 * webhook would have produced, and applies it through the same effects as a live delivery.
 */
public final class CatchUpPayload {
  /** The {@code format} field of every caught-up body. */
  public static final String FORMAT = "hookkeeper.catch_up.v1";

  private CatchUpPayload() {}

  /**
   * The dedup key of a caught-up run state: one state of one run attempt is stored once however
   * often it is caught up; a later state of the same run is a new delivery.
   */
  public static String deliveryId(RunSnapshot run) {
    return "catch-up:"
        + run.providerRunId()
        + ":"
        + run.attempt()
        + ":"
        + run.status().wireName()
        + ":"
        + run.conclusion().wireName()
        + ":"
        + run.updatedAt().toEpochMilli();
  }

  public static byte[] encode(ProviderRepoRef repository, WorkflowRunChanged changed) {
    RunSnapshot r = changed.run();
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("id", r.providerRunId());
    run.put("attempt", (long) r.attempt());
    run.put("workflow_key", r.workflowKey());
    run.put("workflow_name", r.workflowName());
    run.put("run_number", r.runNumber());
    run.put("branch", r.branch());
    run.put("sha", r.sha());
    run.put("status", r.status().wireName());
    run.put("conclusion", r.conclusion().wireName());
    run.put("url", r.url());
    run.put("trigger_event", r.triggerEvent());
    run.put("created_at", r.runCreatedAt().toString());
    run.put("updated_at", r.updatedAt().toString());
    run.put("pull_requests", List.copyOf(r.pullRequests()));
    List<Object> jobs = new ArrayList<>();
    for (JobResult j : changed.jobs()) {
      Map<String, Object> job = new LinkedHashMap<>();
      job.put("id", j.jobId());
      job.put("run_id", j.providerRunId());
      job.put("run_attempt", (long) j.runAttempt());
      job.put("name", j.name());
      job.put("status", j.status().wireName());
      job.put("conclusion", j.conclusion().wireName());
      job.put("failure_reason", j.failureReason());
      job.put("failed_steps", List.copyOf(j.failedSteps()));
      job.put("url", j.url());
      job.put("completed_at", j.completedAt() == null ? null : j.completedAt().toString());
      jobs.add(job);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("format", FORMAT);
    body.put(
        "repository",
        Map.of("id", repository.providerRepoId(), "full_name", repository.fullName()));
    body.put("run", run);
    body.put("jobs", jobs);
    return MiniJson.write(body).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The event a caught-up body stands for, named {@code event} (the provider's run event, e.g.
   * {@code workflow_run} or {@code Pipeline Hook}).
   *
   * @throws MalformedPayloadException when the body is not one {@link #encode} made
   */
  public static DecodedEvent decode(String event, byte[] body) {
    try {
      Object parsed = MiniJson.read(new String(body, StandardCharsets.UTF_8));
      Map<String, Object> root = object(parsed, "body");
      if (!FORMAT.equals(root.get("format")))
        throw new MalformedPayloadException("not a " + FORMAT + " body");
      Map<String, Object> repo = object(root.get("repository"), "repository");
      Map<String, Object> run = object(root.get("run"), "run");
      RunSnapshot snapshot =
          new RunSnapshot(
              number(run, "id"),
              (int) number(run, "attempt"),
              text(run, "workflow_key"),
              text(run, "workflow_name"),
              number(run, "run_number"),
              text(run, "branch"),
              text(run, "sha"),
              status(text(run, "status")),
              conclusion(text(run, "conclusion")),
              text(run, "url"),
              text(run, "trigger_event"),
              instant(run, "created_at"),
              instant(run, "updated_at"),
              longs(run, "pull_requests"));
      List<JobResult> jobs = new ArrayList<>();
      Object jobList = root.get("jobs");
      if (!(jobList instanceof List<?> list))
        throw new MalformedPayloadException("'jobs' must be an array");
      for (Object o : list) {
        Map<String, Object> j = object(o, "job");
        jobs.add(
            new JobResult(
                number(j, "id"),
                number(j, "run_id"),
                (int) number(j, "run_attempt"),
                text(j, "name"),
                status(text(j, "status")),
                conclusion(text(j, "conclusion")),
                optionalText(j, "failure_reason"),
                texts(j, "failed_steps"),
                text(j, "url"),
                j.get("completed_at") == null ? null : instant(j, "completed_at")));
      }
      String action =
          snapshot.status() == RunStatus.COMPLETED ? "completed" : snapshot.status().wireName();
      return new DecodedEvent(
          event,
          action,
          new ProviderRepoRef(number(repo, "id"), text(repo, "full_name")),
          new WorkflowRunChanged(snapshot, jobs));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new MalformedPayloadException("caught-up run: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o, String what) {
    if (!(o instanceof Map<?, ?>))
      throw new MalformedPayloadException("'" + what + "' must be an object");
    return (Map<String, Object>) o;
  }

  private static String text(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof String s))
      throw new MalformedPayloadException("'" + key + "' must be a string");
    return s;
  }

  private static String optionalText(Map<String, Object> m, String key) {
    return m.get(key) == null ? null : text(m, key);
  }

  private static long number(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof Long n))
      throw new MalformedPayloadException("'" + key + "' must be an integer");
    return n;
  }

  private static Instant instant(Map<String, Object> m, String key) {
    try {
      return Instant.parse(text(m, key));
    } catch (DateTimeParseException e) {
      throw new MalformedPayloadException("'" + key + "' must be an ISO-8601 instant");
    }
  }

  private static List<Long> longs(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof List<?> list))
      throw new MalformedPayloadException("'" + key + "' must be an array");
    List<Long> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Long n))
        throw new MalformedPayloadException("'" + key + "' must hold integers");
      out.add(n);
    }
    return out;
  }

  private static List<String> texts(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof List<?> list))
      throw new MalformedPayloadException("'" + key + "' must be an array");
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String s))
        throw new MalformedPayloadException("'" + key + "' must hold strings");
      out.add(s);
    }
    return out;
  }

  private static RunStatus status(String s) {
    return RunStatus.valueOf(s.toUpperCase(Locale.ROOT));
  }

  private static RunConclusion conclusion(String s) {
    return RunConclusion.valueOf(s.toUpperCase(Locale.ROOT));
  }
}
