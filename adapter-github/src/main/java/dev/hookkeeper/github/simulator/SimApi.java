package dev.hookkeeper.github.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated REST API's front: the gate (outage, limits, token, budget), {@code /user}, and a
 * repository by name or id, following GitHub's redirects for renamed repositories; the hooks,
 * deliveries and Actions routes sit behind it.
 */
final class SimApi implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(SimApi.class);
  /** The REST API version the simulator serves (the one GitHub's docs pin, provider-facts 1). */
  static final String API_VERSION = "2022-11-28";

  private final SimState state;
  private final String base;
  private final SimJson json;
  private final SimGate gate;
  private final SimHookRoutes hooks;
  private final SimActionsRoutes actions;

  SimApi(SimState state, Hookshot hookshot, SimJson json, SimPayloads payloads, String base) {
    this.state = state;
    this.base = base;
    this.json = json;
    this.gate = new SimGate(state);
    this.hooks = new SimHookRoutes(state, hookshot, json, payloads, base);
    this.actions = new SimActionsRoutes(state, base);
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      SimReply reply;
      try {
        byte[] body = ex.getRequestBody().readAllBytes();
        SimRequest request = SimRequest.of(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
            ex.getRequestURI().getRawQuery(), body, ex.getRequestHeaders().getFirst("Authorization"));
        synchronized (state) {
          reply = route(request);
          state.journal.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " " + reply.status());
        }
      } catch (RuntimeException e) {
        log.warn("github simulator failed on {} {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
        reply = SimReply.json(500, Map.of(), SimJson.error("Server Error", "https://docs.github.com/rest", 500));
      }
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      ex.getResponseHeaders().set("Server", "GitHub.com");
      ex.getResponseHeaders().set("X-GitHub-Request-Id", UUID.randomUUID().toString().substring(0, 18).toUpperCase(Locale.ROOT));
      if (reply.body().length > 0) ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      if (reply.body().length > 0) ex.getResponseBody().write(reply.body());
    }
  }

  private SimReply route(SimRequest request) {
    Object checked = gate.check(request);
    if (checked instanceof SimReply refused) return refused;
    SimGate.Passed passed = (SimGate.Passed) checked;
    SimUser user = passed.user();
    Map<String, String> headers = passed.headers();
    List<String> path = request.path();
    if (path.equals(List.of("user")) && request.is("GET")) {
      headers.put("X-Accepted-OAuth-Scopes", "");
      return SimReply.json(200, headers, json.user(user));
    }
    if (path.equals(List.of("user", "repos")) && request.is("GET")) {
      headers.put("X-Accepted-OAuth-Scopes", "");
      return userRepos(request, user, headers);
    }
    SimRepo repo;
    List<String> tail;
    if (path.size() >= 3 && path.get(0).equals("repos")) {
      String fullName = path.get(1) + "/" + path.get(2);
      repo = state.repoByName(fullName);
      tail = path.subList(3, path.size());
      Long movedTo = state.renamed.get(SimState.lower(fullName));
      if (repo == null && movedTo != null && state.repos.containsKey(movedTo)) {
        // a renamed or transferred repository answers its old name with a redirect to its id (provider-facts 1.8)
        headers.put("Location", base + "/repositories/" + movedTo + (tail.isEmpty() ? "" : "/" + String.join("/", tail))
            + (request.rawQuery() == null ? "" : "?" + request.rawQuery()));
        return SimReply.json(request.is("GET") ? 301 : 307, headers, SimJson.error("Moved Permanently",
            "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects", 301));
      }
    } else if (path.size() >= 2 && path.get(0).equals("repositories") && path.get(1).matches("[0-9]{1,18}")) {
      repo = state.repos.get(Long.parseLong(path.get(1)));
      tail = path.subList(2, path.size());
    } else {
      return SimReply.notFound(headers);
    }
    if (repo == null || !user.canSee(repo)) {
      headers.put("X-Accepted-OAuth-Scopes", "repo");
      return SimReply.notFound(headers);
    }
    if (tail.isEmpty()) {
      headers.put("X-Accepted-OAuth-Scopes", "repo");
      return request.is("GET") ? SimReply.json(200, headers, json.repositoryFor(repo, user)) : SimReply.notFound(headers);
    }
    if (tail.get(0).equals("hooks")) return hooks.route(request, user, repo, tail.subList(1, tail.size()), headers);
    if (tail.size() >= 2 && tail.get(0).equals("actions") && tail.get(1).equals("runs")) {
      headers.put("X-Accepted-OAuth-Scopes", "repo");
      return actions.route(request, repo, tail.subList(2, tail.size()), headers);
    }
    return SimReply.notFound(headers);
  }

  /**
   * {@code GET /user/repos}: the repositories the user has a role on (every affiliation), with {@code
   * permissions}, private ones only with {@code repo} scope; {@code sort=full_name} (the default) or
   * {@code created}; paged by {@code per_page} (≤ 100) and {@code page} with a {@code Link} header.
   */
  private SimReply userRepos(SimRequest request, SimUser user, Map<String, String> headers) {
    List<SimRepo> mine = new java.util.ArrayList<>();
    for (SimRepo r : state.repos.values()) {
      if (user.roles.containsKey(r.id) && user.canSee(r)) mine.add(r);
    }
    if ("created".equals(request.query().get("sort"))) {
      mine.sort(java.util.Comparator.comparingLong((SimRepo r) -> r.id));
    } else {
      mine.sort(java.util.Comparator.comparing((SimRepo r) -> r.fullName.toLowerCase(Locale.ROOT)));
    }
    int perPage = request.intParam("per_page", 30, 100);
    int page = request.intParam("page", 1, 100_000);
    com.fasterxml.jackson.databind.node.ArrayNode out = SimJson.MAPPER.createArrayNode();
    for (int i = (page - 1) * perPage; i < Math.min(mine.size(), page * perPage); i++) {
      out.add(json.repository(mine.get(i), user.roles.get(mine.get(i).id)));
    }
    int pages = Math.max(1, (mine.size() + perPage - 1) / perPage);
    List<String> links = new java.util.ArrayList<>();
    String self = base + "/user/repos?per_page=" + perPage
        + (request.query().containsKey("sort") ? "&sort=" + request.query().get("sort") : "") + "&page=";
    if (page < pages) links.add("<" + self + (page + 1) + ">; rel=\"next\"");
    if (page < pages) links.add("<" + self + pages + ">; rel=\"last\"");
    if (page > 1) links.add("<" + self + "1>; rel=\"first\"");
    if (!links.isEmpty()) headers.put("Link", String.join(", ", links));
    return SimReply.json(200, headers, out);
  }
}
