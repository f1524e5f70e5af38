package dev.hookkeeper.gitlab.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.gitlab.simulator.SimulatorApi.Reply;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code /projects/:id/pipelines…} (provider-facts 4.4): the listing with {@code
 * updated_after}/{@code updated_before}, {@code order_by} ({@code id} or {@code updated_at}),
 * {@code sort} (default {@code desc}) and GitLab's paging headers; one pipeline; a pipeline's jobs
 * with one {@code scope[]}. Runs under the state lock.
 */
final class SimulatorPipelinesRoutes {
  private final SimulatorState state;
  private final SimulatorPipelines pipelines;
  private final String baseUrl;

  SimulatorPipelinesRoutes(SimulatorState state, SimulatorPipelines pipelines, String baseUrl) {
    this.state = state;
    this.pipelines = pipelines;
    this.baseUrl = baseUrl;
  }

  Reply route(String method, SimProject project, List<String> seg, Map<String, Object> params) {
    if (!"GET".equals(method)) return SimulatorApi.notAllowed();
    String path = baseUrl + "/api/v4/projects/" + project.id + "/pipelines";
    if (seg.isEmpty()) return list(project, params, path);
    SimPipeline pipeline = seg.get(0).matches("[0-9]{1,18}") ? project.pipelines.get(Long.parseLong(seg.get(0))) : null;
    if (pipeline == null) return Reply.of(404, SimulatorJson.message("message", "404 Not found"));
    if (seg.size() == 1) return Reply.of(200, pipelines.apiPipeline(project, pipeline, true));
    if (seg.size() == 2 && seg.get(1).equals("jobs")) {
      Object scope = params.get("scope[]");
      List<JsonNode> jobs = new ArrayList<>();
      // newest first (GitLab 13.5+)
      for (int i = pipeline.jobs().size() - 1; i >= 0; i--) {
        SimPipeline.Job j = pipeline.jobs().get(i);
        if (scope == null || scope.toString().equals(j.status())) jobs.add(pipelines.apiJob(project, pipeline, j));
      }
      return SimulatorApi.paged(jobs, params, path + "/" + pipeline.id() + "/jobs");
    }
    return SimulatorApi.notFoundRoute();
  }

  private Reply list(SimProject project, Map<String, Object> params, String path) {
    Instant after;
    Instant before;
    try {
      after = time(params.get("updated_after"));
      before = time(params.get("updated_before"));
    } catch (DateTimeParseException e) {
      return Reply.of(400, SimulatorJson.message("error", "updated_after is invalid"));
    }
    List<SimPipeline> matching = new ArrayList<>();
    for (SimPipeline p : project.pipelines.values()) {
      if (after != null && !p.finishedAt().isAfter(after)) continue;
      if (before != null && !p.finishedAt().isBefore(before)) continue;
      matching.add(p);
    }
    String orderBy = String.valueOf(params.getOrDefault("order_by", "id"));
    Comparator<SimPipeline> order = "updated_at".equals(orderBy)
        ? Comparator.comparing(SimPipeline::finishedAt).thenComparing(SimPipeline::id)
        : Comparator.comparing(SimPipeline::id);
    if (!"asc".equals(params.get("sort"))) order = order.reversed();
    matching.sort(order);
    List<JsonNode> items = new ArrayList<>();
    for (SimPipeline p : matching) items.add(pipelines.apiPipeline(project, p, false));
    return SimulatorApi.paged(items, params, path);
  }

  private static Instant time(Object value) {
    if (value == null || value.toString().isBlank()) return null;
    return OffsetDateTime.parse(value.toString()).toInstant();
  }
}
