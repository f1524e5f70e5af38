package dev.hookkeeper.gitlab.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hookkeeper.gitlab.simulator.SimulatorDeliverer.Planned;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The simulator's {@code /api/v4} endpoints, with GitLab's status codes and error bodies. */
final class SimulatorApi implements HttpHandler {
  private static final String PREFIX = "/api/v4/";
  /** GitLab stops counting a listing's rows above this many. */
  static final int COUNTED_ROWS = 10_000;

  /** An answer; {@code pending} is a delivery to run (outside the lock) before answering. */
  record Reply(int status, JsonNode body, Map<String, String> headers, Pending pending) {
    static Reply of(int status, JsonNode body) {
      return new Reply(status, body, Map.of(), null);
    }
  }

  /** A test request or resend waiting to be delivered; {@code resend} decides the answer's shape. */
  record Pending(long projectId, Planned planned, boolean resend) {}

  private final SimulatorState state;
  private final SimulatorDeliverer deliverer;
  private final String baseUrl;
  private final SimulatorGate gate;
  private final SimulatorPipelinesRoutes pipelines;

  SimulatorApi(SimulatorState state, SimulatorDeliverer deliverer, SimulatorPipelines pipelines, String baseUrl) {
    this.state = state;
    this.deliverer = deliverer;
    this.baseUrl = baseUrl;
    this.gate = new SimulatorGate(state);
    this.pipelines = new SimulatorPipelinesRoutes(state, pipelines, baseUrl);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Reply reply;
      try {
        reply = answer(exchange);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        reply = Reply.of(400, SimulatorJson.message("error", "400 Bad request - invalid JSON body"));
      } catch (RuntimeException e) {
        reply = Reply.of(500, SimulatorJson.message("message", "500 Internal Server Error"));
      }
      write(exchange, reply);
    }
  }

  private Reply answer(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    byte[] body = exchange.getRequestBody().readAllBytes();
    Reply reply;
    Map<String, String> headers;
    synchronized (state) {
      Object checked = gate.check(exchange);
      if (checked instanceof Reply refused) return refused;
      SimulatorGate.Passed passed = (SimulatorGate.Passed) checked;
      headers = passed.headers();
      String raw = uri.getRawPath();
      if (!raw.startsWith(PREFIX)) return withHeaders(notFoundRoute(), headers);
      List<String> segments = List.of(raw.substring(PREFIX.length()).split("/"));
      reply = route(exchange.getRequestMethod(), segments, uri.getRawQuery(), params(exchange, uri, body), passed.user());
    }
    if (reply.pending() != null) reply = finish(reply.pending());
    return withHeaders(reply, headers);
  }

  private Reply route(String method, List<String> seg, String rawQuery, Map<String, Object> params, SimUser user) {
    String first = seg.get(0);
    if (seg.size() == 1 && first.equals("user")) {
      return get(method) ? Reply.of(200, SimulatorJson.user(user, baseUrl)) : notAllowed();
    }
    if (seg.size() == 1 && first.equals("version")) {
      ObjectNode v = SimulatorJson.message("version", state.version).put("revision", "6a7f3c2b1d0");
      return get(method) ? Reply.of(200, v) : notAllowed();
    }
    if (seg.size() == 1 && first.equals("projects")) return get(method) ? projects(params, user) : notAllowed();
    if (!first.equals("projects") || seg.size() < 2) return notFoundRoute();
    SimProject project = state.project(seg.get(1));
    if (project == null) {
      Long movedTo = state.movedFrom.get(java.net.URLDecoder.decode(seg.get(1), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT));
      if (movedTo != null && state.projects.containsKey(movedTo)) return moved(method, movedTo, seg, rawQuery);
    }
    if (project == null || !state.canSee(project, user)) {
      return Reply.of(404, SimulatorJson.message("message", "404 Project Not Found"));
    }
    int level = state.accessLevel(project, user);
    if (seg.size() == 2) {
      return get(method) ? Reply.of(200, SimulatorJson.project(project, level, baseUrl)) : notAllowed();
    }
    if (seg.get(2).equals("pipelines")) return pipelines.route(method, project, seg.subList(3, seg.size()), params);
    if (!seg.get(2).equals("hooks")) return notFoundRoute();
    if (level < 40) return Reply.of(403, SimulatorJson.message("message", "403 Forbidden"));
    return new SimulatorHooksRoutes(state, baseUrl).route(method, project, seg.subList(3, seg.size()), params, user);
  }

  /**
   * {@code GET /projects}: the projects the user can see; {@code min_access_level} keeps those where
   * the user's role is at least that (and implies membership), {@code archived} filters, {@code
   * order_by=path|id} with {@code sort}; paged with GitLab's headers.
   */
  private Reply projects(Map<String, Object> params, SimUser user) {
    int minLevel = intParam(params, "min_access_level", 0);
    Object archived = params.get("archived");
    List<SimProject> visible = new ArrayList<>();
    for (SimProject p : state.projects.values()) {
      if (!state.canSee(p, user)) continue;
      if (minLevel > 0 && state.accessLevel(p, user) < minLevel) continue;
      if (archived != null && Boolean.parseBoolean(archived.toString()) != p.archived) continue;
      visible.add(p);
    }
    java.util.Comparator<SimProject> order = "path".equals(params.get("order_by"))
        ? java.util.Comparator.comparing((SimProject p) -> p.path.toLowerCase(java.util.Locale.ROOT))
        : java.util.Comparator.comparingLong((SimProject p) -> p.id);
    visible.sort("asc".equals(params.get("sort")) ? order : order.reversed());
    List<ObjectNode> items = new ArrayList<>();
    for (SimProject p : visible) items.add(SimulatorJson.project(p, state.accessLevel(p, user), baseUrl));
    return paged(items, params, baseUrl + PREFIX + "projects");
  }

  /**
   * A moved project by its old path (GitLab's {@code find_project!}, provider-facts 4.6): GET is
   * redirected to {@code /projects/<id>…}; anything else is refused, since it would act on whatever
   * project takes the old path next.
   */
  private Reply moved(String method, long id, List<String> seg, String rawQuery) {
    if (!get(method)) return Reply.of(405, SimulatorJson.message("message", "Non GET methods are not allowed for moved projects"));
    String rest = seg.size() > 2 ? "/" + String.join("/", seg.subList(2, seg.size())) : "";
    String location = baseUrl + PREFIX + "projects/" + id + rest + (rawQuery == null ? "" : "?" + rawQuery);
    return new Reply(301, SimulatorJson.message("message", "301 Moved Permanently"), Map.of("Location", location), null);
  }

  private static Reply withHeaders(Reply reply, Map<String, String> headers) {
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.putAll(reply.headers());
    return new Reply(reply.status(), reply.body(), all, reply.pending());
  }

  private Reply finish(Pending pending) {
    SimulatorDeliverer.Outcome outcome;
    String version;
    java.time.Duration timeout;
    synchronized (state) {
      version = state.version;
      timeout = state.deliveryTimeout;
    }
    outcome = deliverer.send(pending.planned(), version, baseUrl, timeout);
    synchronized (state) {
      record(state, pending.projectId(), pending.planned(), outcome);
    }
    if (pending.resend()) {
      return Reply.of(201, SimulatorJson.MAPPER.createObjectNode().put("response_status", outcome.status()));
    }
    if (outcome.success()) return Reply.of(201, SimulatorJson.message("message", "201 Created"));
    String why = outcome.status() == 0 ? "internal error" : "HTTP " + outcome.status();
    return Reply.of(422, SimulatorJson.message("message", "Hook execution failed: " + why));
  }

  /** Applies an outcome to its hook (if it still exists): the events log and the auto-disable rule. */
  static void record(SimulatorState state, long projectId, Planned planned, SimulatorDeliverer.Outcome outcome) {
    SimProject project = state.projects.get(projectId);
    SimHook hook = project == null ? null : project.hooks.get(planned.hookId());
    if (hook == null) return;
    Instant now = state.clock.instant();
    hook.recordOutcome(outcome.success(), now);
    hook.events.add(new SimEvent(state.nextEventId++, planned.eventHeader(), planned.idempotencyKey(),
        outcome.recordedHeaders(), planned.body(), outcome.status(), outcome.responseBody(),
        outcome.durationSeconds(), now));
  }

  static Planned plan(SimHook hook, String eventHeader, byte[] body, String idempotencyKey, String eventUuid) {
    return new Planned(hook.id, hook.url, hook.token, hook.signingToken, eventHeader,
        idempotencyKey == null ? UUID.randomUUID().toString() : idempotencyKey, eventUuid, body);
  }

  /** Query string merged with a JSON or form body, as GitLab's API (Grape) accepts all three. */
  private static Map<String, Object> params(HttpExchange exchange, URI uri, byte[] body) throws IOException {
    Map<String, Object> params = new LinkedHashMap<>(form(uri.getRawQuery()));
    String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (body.length == 0) return params;
    if (type.contains("json")) {
      JsonNode json = SimulatorJson.MAPPER.readTree(body);
      if (json != null && json.isObject()) {
        for (Map.Entry<String, JsonNode> e : json.properties()) {
          JsonNode v = e.getValue();
          params.put(e.getKey(), v.isNull() ? null : v.isBoolean() ? v.asBoolean() : v.asText());
        }
      }
    } else {
      params.putAll(form(new String(body, StandardCharsets.UTF_8)));
    }
    return params;
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) return out;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static boolean get(String method) {
    return "GET".equals(method);
  }

  static Reply notAllowed() {
    return Reply.of(405, SimulatorJson.message("error", "405 Method Not Allowed"));
  }

  static Reply notFoundRoute() {
    return Reply.of(404, SimulatorJson.message("error", "404 Not Found"));
  }

  private static void write(HttpExchange exchange, Reply reply) throws IOException {
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] bytes;
    if (reply.status() == 429 && reply.body() == null) {
      // Rack::Attack's throttle answer is plain text; an endpoint's own limiter answers JSON
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      bytes = "Retry later\n".getBytes(StandardCharsets.UTF_8);
    } else if (reply.body() == null) {
      bytes = new byte[0];
    } else {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      bytes = SimulatorJson.MAPPER.writeValueAsBytes(reply.body());
    }
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** One page of {@code items} with GitLab's pagination headers ({@code X-Next-Page}, {@code Link}…). */
  static Reply paged(List<? extends JsonNode> items, Map<String, Object> params, String path) {
    int perPage = Math.max(1, Math.min(100, intParam(params, "per_page", 20)));
    int page = Math.max(1, intParam(params, "page", 1));
    int total = items.size();
    int pages = Math.max(1, (total + perPage - 1) / perPage);
    ArrayNode out = SimulatorJson.MAPPER.createArrayNode();
    for (int i = (page - 1) * perPage; i < Math.min(total, page * perPage); i++) out.add(items.get(i));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Page", String.valueOf(page));
    headers.put("X-Per-Page", String.valueOf(perPage));
    // above 10,000 rows GitLab leaves the totals (and rel="last") out: only X-Next-Page tells (provider-facts 4.4)
    boolean counted = total <= COUNTED_ROWS;
    if (counted) {
      headers.put("X-Total", String.valueOf(total));
      headers.put("X-Total-Pages", String.valueOf(pages));
    }
    headers.put("X-Next-Page", page < pages ? String.valueOf(page + 1) : "");
    headers.put("X-Prev-Page", page > 1 ? String.valueOf(page - 1) : "");
    List<String> links = new ArrayList<>();
    if (page < pages) links.add("<" + path + "?page=" + (page + 1) + "&per_page=" + perPage + ">; rel=\"next\"");
    links.add("<" + path + "?page=1&per_page=" + perPage + ">; rel=\"first\"");
    if (counted) links.add("<" + path + "?page=" + pages + "&per_page=" + perPage + ">; rel=\"last\"");
    headers.put("Link", String.join(", ", links));
    return new Reply(200, out, headers, null);
  }

  static int intParam(Map<String, Object> params, String name, int fallback) {
    Object v = params.get(name);
    try {
      return v == null ? fallback : Integer.parseInt(v.toString());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
