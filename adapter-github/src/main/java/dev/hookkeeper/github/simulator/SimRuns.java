package dev.hookkeeper.github.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds a fired workflow run: its {@code workflow-run} object, its jobs' {@code job} objects and
 * the {@code workflow_run} / {@code workflow_job} webhooks that carry them, all retargeted from the
 * real payloads (templates beside this class). Runs under the state lock.
 */
final class SimRuns {
  private final SimState state;
  private final SimJson json;
  private final String apiBase;
  private final ObjectNode runTemplate = SimPayloads.template("workflow_run.completed.json");
  private final ObjectNode jobTemplate = SimPayloads.template("workflow_job.completed.json");

  SimRuns(SimState state, SimJson json, String apiBase) {
    this.state = state;
    this.json = json;
    this.apiBase = apiBase;
  }

  SimRun create(SimRepo repo, FiredRun spec) {
    Instant now = state.now().truncatedTo(ChronoUnit.SECONDS);
    Instant started = now; // a fired run completes at once: created, started and finished now
    long id = state.runIds.incrementAndGet();
    long workflowId = repo.workflowIds.computeIfAbsent(spec.workflow(), w -> 2_800_000L + repo.workflowIds.size() + 1);
    String path = ".github/workflows/" + spec.workflow().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".yml";
    String sha = randomSha();
    String runApi = apiBase + "/repos/" + repo.fullName + "/actions/runs/" + id;
    ObjectNode run = runTemplate.get("workflow_run").deepCopy();
    run.put("id", id);
    run.put("name", spec.workflow());
    run.put("display_title", spec.workflow() + " on " + spec.branch());
    run.put("path", path);
    run.put("run_number", repo.runs.size() + 1);
    run.put("run_attempt", 1);
    run.put("workflow_id", workflowId);
    run.put("head_branch", spec.branch());
    run.put("head_sha", sha);
    run.put("event", spec.event());
    run.put("status", "completed");
    run.put("conclusion", spec.conclusion());
    run.put("created_at", now.toString());
    run.put("run_started_at", now.toString());
    run.put("updated_at", now.toString());
    run.put("url", runApi);
    run.put("html_url", "https://github.com/" + repo.fullName + "/actions/runs/" + id);
    run.put("jobs_url", runApi + "/jobs");
    run.put("logs_url", runApi + "/logs");
    run.put("workflow_url", apiBase + "/repos/" + repo.fullName + "/actions/workflows/" + workflowId);
    run.putArray("pull_requests");
    run.putNull("previous_attempt_url");
    if (run.get("head_commit") instanceof ObjectNode commit) commit.put("id", sha);
    run.set("repository", json.repository(repo, null));
    run.set("head_repository", json.repository(repo, null));
    ObjectNode workflow = runTemplate.get("workflow").deepCopy();
    workflow.put("id", workflowId);
    workflow.put("name", spec.workflow());
    workflow.put("path", path);
    workflow.put("url", apiBase + "/repos/" + repo.fullName + "/actions/workflows/" + workflowId);
    List<ObjectNode> jobs = new ArrayList<>();
    for (FiredRun.Job each : spec.jobs()) jobs.add(job(repo, id, run, each, started, now));
    SimRun simRun = new SimRun(id, now, run, workflow, jobs);
    repo.runs.put(id, simRun);
    return simRun;
  }

  private ObjectNode job(SimRepo repo, long runId, ObjectNode run, FiredRun.Job spec, Instant started, Instant done) {
    long id = state.jobIds.incrementAndGet();
    ObjectNode job = jobTemplate.get("workflow_job").deepCopy();
    job.put("id", id);
    job.put("run_id", runId);
    job.put("run_attempt", 1);
    job.put("run_url", run.get("url").asText());
    job.put("url", apiBase + "/repos/" + repo.fullName + "/actions/jobs/" + id);
    job.put("html_url", "https://github.com/" + repo.fullName + "/actions/runs/" + runId + "/job/" + id);
    job.put("head_sha", run.get("head_sha").asText());
    job.put("head_branch", run.get("head_branch").asText());
    job.put("workflow_name", run.get("name").asText());
    job.put("name", spec.name());
    job.put("status", "completed");
    job.put("conclusion", spec.conclusion());
    job.put("created_at", started.toString());
    job.put("started_at", started.toString());
    job.put("completed_at", done.toString());
    ArrayNode steps = job.putArray("steps");
    step(steps, 1, "Set up job", "success", started, done);
    step(steps, 2, "Run actions/checkout@v4", "success", started, done);
    step(steps, 3, spec.failingStep(), spec.conclusion(), started, done);
    return job;
  }

  private static void step(ArrayNode steps, int number, String name, String conclusion, Instant started, Instant done) {
    ObjectNode s = steps.addObject();
    s.put("name", name);
    s.put("status", "completed");
    s.put("conclusion", conclusion);
    s.put("number", number);
    s.put("started_at", started.toString());
    s.put("completed_at", done.toString());
  }

  /** {@code workflow_job} {@code completed}: {action, workflow_job, repository, sender}. */
  ObjectNode jobPayload(SimRepo repo, ObjectNode job) {
    ObjectNode n = SimJson.MAPPER.createObjectNode();
    n.put("action", "completed");
    n.set("workflow_job", job.deepCopy());
    n.set("repository", json.repository(repo, null));
    n.set("sender", json.sender(null));
    return n;
  }

  /** {@code workflow_run} {@code completed}: {action, workflow_run, workflow, repository, sender}. */
  ObjectNode runPayload(SimRepo repo, SimRun run) {
    ObjectNode n = SimJson.MAPPER.createObjectNode();
    n.put("action", "completed");
    n.set("workflow_run", run.run().deepCopy());
    n.set("workflow", run.workflow().deepCopy());
    n.set("repository", json.repository(repo, null));
    n.set("sender", json.sender(null));
    return n;
  }

  private static String randomSha() {
    byte[] b = new byte[20];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
