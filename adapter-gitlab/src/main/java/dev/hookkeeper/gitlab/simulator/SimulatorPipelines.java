package dev.hookkeeper.gitlab.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fired pipelines: the pipeline and its jobs, the Pipeline Hook and Job Hooks that carry them
 * (retargeted from real payloads beside this class; times in the hooks' {@code … UTC} form), and
 * the pipelines API's JSON for them (ISO-8601 with milliseconds). Runs under the state lock.
 */
final class SimulatorPipelines {
  private static final DateTimeFormatter HOOK_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter API_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ObjectNode pipelineTemplate = template("pipeline_hook.json");
  private final ObjectNode jobTemplate = template("job_hook.json");
  private final String baseUrl;

  SimulatorPipelines(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  SimPipeline create(SimulatorState state, SimProject project, FiredPipeline spec) {
    // GitLab keeps milliseconds (the API shows them; hook payloads show whole seconds)
    Instant now = state.clock.instant().truncatedTo(ChronoUnit.MILLIS);
    long id = state.nextPipelineId++;
    List<SimPipeline.Job> jobs = new ArrayList<>();
    for (FiredPipeline.Job j : spec.jobs()) {
      jobs.add(
          new SimPipeline.Job(
              state.nextJobId++, j.name(), j.stage(), j.status(), j.failureReason(), now, now));
    }
    SimPipeline pipeline =
        new SimPipeline(
            id,
            project.pipelines.size() + 1,
            project.id,
            spec.name(),
            spec.source(),
            spec.ref(),
            randomSha(),
            spec.status(),
            now,
            now,
            jobs);
    project.pipelines.put(id, pipeline);
    return pipeline;
  }

  /**
   * The Pipeline Hook: {@code object_kind: pipeline}, {@code object_attributes}, {@code project},
   * {@code builds[]}.
   */
  byte[] pipelineHook(SimProject p, SimPipeline pl, SimUser user) {
    ObjectNode n = pipelineTemplate.deepCopy();
    ObjectNode a = (ObjectNode) n.get("object_attributes");
    a.put("id", pl.id());
    a.put("iid", pl.iid());
    if (pl.name() == null) a.putNull("name");
    else a.put("name", pl.name());
    a.put("ref", pl.ref());
    a.put("sha", pl.sha());
    a.put("before_sha", pl.sha());
    a.put("source", pl.source());
    a.put("status", pl.status());
    a.put("detailed_status", pl.status().equals("success") ? "passed" : pl.status());
    a.put("created_at", HOOK_TIME.format(pl.createdAt()));
    a.put("finished_at", HOOK_TIME.format(pl.finishedAt()));
    a.put("duration", 0);
    a.put("url", webUrl(p) + "/-/pipelines/" + pl.id());
    n.putNull("merge_request");
    n.set("user", user(user));
    n.set("project", project(p));
    ((ObjectNode) n.get("commit")).put("id", pl.sha());
    ArrayNode builds = n.putArray("builds");
    JsonNode buildTemplate = pipelineTemplate.get("builds").get(0);
    for (SimPipeline.Job j : pl.jobs()) {
      ObjectNode b = buildTemplate.deepCopy();
      b.put("id", j.id());
      b.put("stage", j.stage());
      b.put("name", j.name());
      b.put("status", j.status());
      b.put("created_at", HOOK_TIME.format(j.createdAt()));
      b.put("started_at", HOOK_TIME.format(j.createdAt()));
      b.put("finished_at", HOOK_TIME.format(j.finishedAt()));
      if (j.failureReason() == null) b.putNull("failure_reason");
      else b.put("failure_reason", j.failureReason());
      b.put("when", "on_success");
      b.put("manual", false);
      builds.add(b);
    }
    n.remove("jobs");
    return bytes(n);
  }

  /**
   * A Job Hook: {@code object_kind: build}, {@code build_*} keys, {@code commit.id} = the pipeline
   * id.
   */
  byte[] jobHook(SimProject p, SimPipeline pl, SimPipeline.Job j, SimUser user) {
    ObjectNode n = jobTemplate.deepCopy();
    n.put("ref", pl.ref());
    n.put("sha", pl.sha());
    n.put("build_id", j.id());
    n.put("build_name", j.name());
    n.put("build_stage", j.stage());
    n.put("build_status", j.status());
    n.put("build_created_at", HOOK_TIME.format(j.createdAt()));
    n.put("build_started_at", HOOK_TIME.format(j.createdAt()));
    n.put("build_finished_at", HOOK_TIME.format(j.finishedAt()));
    n.put("build_duration", 0.0);
    // GitLab sends a failure reason even for a job that succeeded (provider-facts 2.4; the fixture
    // says unknown_failure)
    n.put(
        "build_failure_reason", j.failureReason() == null ? "unknown_failure" : j.failureReason());
    n.put("retries_count", 0);
    n.put("pipeline_id", pl.id());
    n.put("project_id", p.id);
    n.put("project_name", p.path.replace("/", " / "));
    n.set("user", user(user));
    ObjectNode commit = (ObjectNode) n.get("commit");
    commit.put("id", pl.id());
    commit.put("sha", pl.sha());
    commit.put("status", pl.status());
    ObjectNode repository = (ObjectNode) n.get("repository");
    repository.put("name", p.path.substring(p.path.lastIndexOf('/') + 1));
    repository.put("homepage", webUrl(p));
    repository.put("git_http_url", webUrl(p) + ".git");
    return bytes(n);
  }

  /** {@code GET /projects/:id/pipelines/:pipeline_id}; list items are its first fields. */
  ObjectNode apiPipeline(SimProject p, SimPipeline pl, boolean detail) {
    ObjectNode n = SimulatorJson.MAPPER.createObjectNode();
    n.put("id", pl.id());
    n.put("iid", pl.iid());
    n.put("project_id", p.id);
    n.put("sha", pl.sha());
    n.put("ref", pl.ref());
    n.put("status", pl.status());
    n.put("source", pl.source());
    n.put("created_at", API_TIME.format(pl.createdAt()));
    n.put("updated_at", API_TIME.format(pl.finishedAt()));
    n.put("web_url", webUrl(p) + "/-/pipelines/" + pl.id());
    if (pl.name() == null) n.putNull("name");
    else n.put("name", pl.name());
    if (!detail) return n;
    n.put("before_sha", pl.sha());
    n.put("tag", false);
    n.putNull("yaml_errors");
    n.put("started_at", API_TIME.format(pl.createdAt()));
    n.put("finished_at", API_TIME.format(pl.finishedAt()));
    n.putNull("committed_at");
    n.put("duration", 0);
    n.put("queued_duration", 0.0);
    n.put("coverage", (String) null);
    n.putObject("detailed_status").put("group", pl.status()).put("text", pl.status());
    return n;
  }

  /** One job of {@code GET …/pipelines/:id/jobs}. */
  ObjectNode apiJob(SimProject p, SimPipeline pl, SimPipeline.Job j) {
    ObjectNode n = SimulatorJson.MAPPER.createObjectNode();
    n.put("id", j.id());
    n.put("status", j.status());
    n.put("stage", j.stage());
    n.put("name", j.name());
    n.put("ref", pl.ref());
    n.put("tag", false);
    n.put("allow_failure", false);
    n.put("created_at", API_TIME.format(j.createdAt()));
    n.put("started_at", API_TIME.format(j.createdAt()));
    n.put("finished_at", API_TIME.format(j.finishedAt()));
    n.put("duration", 0.0);
    if (j.failureReason() == null || !"failed".equals(j.status())) n.putNull("failure_reason");
    else n.put("failure_reason", j.failureReason());
    n.put("web_url", webUrl(p) + "/-/jobs/" + j.id());
    n.putObject("pipeline")
        .put("id", pl.id())
        .put("project_id", p.id)
        .put("ref", pl.ref())
        .put("sha", pl.sha())
        .put("status", pl.status());
    return n;
  }

  private ObjectNode project(SimProject p) {
    ObjectNode n = SimulatorJson.MAPPER.createObjectNode();
    String name = p.path.substring(p.path.lastIndexOf('/') + 1);
    n.put("id", p.id);
    n.put("name", name);
    n.put("web_url", webUrl(p));
    n.put("git_http_url", webUrl(p) + ".git");
    n.put(
        "namespace", p.path.contains("/") ? p.path.substring(0, p.path.lastIndexOf('/')) : p.path);
    n.put("visibility_level", "public".equals(p.visibility) ? 20 : 0);
    n.put("path_with_namespace", p.path);
    n.put("default_branch", p.defaultBranch);
    return n;
  }

  private static ObjectNode user(SimUser u) {
    ObjectNode n = SimulatorJson.MAPPER.createObjectNode();
    n.put("id", u == null ? 1 : u.id());
    n.put("name", u == null ? "Administrator" : u.username());
    n.put("username", u == null ? "root" : u.username());
    n.put("email", "[REDACTED]");
    return n;
  }

  private String webUrl(SimProject p) {
    return p.webUrl(baseUrl);
  }

  private static String randomSha() {
    byte[] b = new byte[20];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static byte[] bytes(ObjectNode n) {
    return n.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static ObjectNode template(String name) {
    try (InputStream in = SimulatorPipelines.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing simulator template " + name);
      return (ObjectNode) SimulatorJson.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read simulator template " + name, e);
    }
  }
}
