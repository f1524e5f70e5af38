package dev.hookkeeper.github.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code /repos/{owner}/{repo}/actions/runs…} (provider-facts 4.3): the runs listing ({@code
 * {total_count, workflow_runs[]}}, newest first, {@code created} filter, {@code per_page}/{@code
 * page} with {@code Link}, at most 1,000 results per query), one run, and a run's jobs ({@code
 * filter=latest}: every run here has one attempt). Runs under the state lock.
 */
final class SimActionsRoutes {
  static final int SEARCH_CAP = 1000;

  private final SimState state;
  private final String base;

  SimActionsRoutes(SimState state, String base) {
    this.state = state;
    this.base = base;
  }

  SimReply route(SimRequest request, SimRepo repo, List<String> rest, Map<String, String> headers) {
    if (!request.is("GET")) return SimReply.notFound(headers);
    if (rest.isEmpty()) return list(repo, request, headers);
    SimRun run = rest.get(0).matches("[0-9]{1,18}") ? repo.runs.get(Long.parseLong(rest.get(0))) : null;
    if (run == null) return SimReply.notFound(headers);
    if (rest.size() == 1) return SimReply.json(200, headers, run.run());
    if (rest.size() == 2 && rest.get(1).equals("jobs")) return jobs(repo, run, request, headers);
    return SimReply.notFound(headers);
  }

  private SimReply list(SimRepo repo, SimRequest request, Map<String, String> headers) {
    CreatedFilter created = CreatedFilter.parse(request.query().get("created"));
    if (created == null) {
      return SimReply.json(422, headers, SimJson.validationFailed("WorkflowRun", List.of("Invalid created date")));
    }
    int perPage = request.intParam("per_page", 30, 100);
    int page = request.intParam("page", 1, 100_000);
    List<SimRun> matching = new ArrayList<>();
    for (SimRun r : repo.runs.values()) if (created.matches(r.createdAt())) matching.add(r);
    matching.sort(Comparator.comparing(SimRun::createdAt).thenComparing(SimRun::id).reversed());
    // a filtered listing is a search: only its first 1,000 results can be reached
    List<SimRun> reachable = matching.subList(0, Math.min(matching.size(), SEARCH_CAP));
    ObjectNode body = SimJson.MAPPER.createObjectNode();
    body.put("total_count", matching.size());
    ArrayNode runs = body.putArray("workflow_runs");
    reachable.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(r -> runs.add(r.run()));
    int last = Math.max(1, (reachable.size() + perPage - 1) / perPage);
    link(headers, base + "/repositories/" + repo.id + "/actions/runs?" + query(request) + "per_page=" + perPage + "&page=", page, last);
    return SimReply.json(200, headers, body);
  }

  private SimReply jobs(SimRepo repo, SimRun run, SimRequest request, Map<String, String> headers) {
    int perPage = request.intParam("per_page", 30, 100);
    int page = request.intParam("page", 1, 100_000);
    ObjectNode body = SimJson.MAPPER.createObjectNode();
    body.put("total_count", run.jobs().size());
    ArrayNode jobs = body.putArray("jobs");
    run.jobs().stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(jobs::add);
    int last = Math.max(1, (run.jobs().size() + perPage - 1) / perPage);
    link(headers, base + "/repositories/" + repo.id + "/actions/runs/" + run.id() + "/jobs?filter=latest&per_page=" + perPage
        + "&page=", page, last);
    return SimReply.json(200, headers, body);
  }

  private static String query(SimRequest request) {
    String created = request.query().get("created");
    return created == null ? "" : "created=" + URLEncoder.encode(created, StandardCharsets.UTF_8) + "&";
  }

  private static void link(Map<String, String> headers, String self, int page, int last) {
    if (last <= 1) return;
    List<String> links = new ArrayList<>();
    if (page < last) links.add("<" + self + (page + 1) + ">; rel=\"next\"");
    links.add("<" + self + last + ">; rel=\"last\"");
    if (page > 1) links.add("<" + self + "1>; rel=\"first\"");
    headers.put("Link", String.join(", ", links));
  }
}
