package dev.hookkeeper.github.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated REST API: GitHub's routes, status codes, headers ({@code X-OAuth-Scopes}, {@code
 * X-Accepted-OAuth-Scopes}, {@code Link}, {@code Location}, {@code X-RateLimit-*}) and error bodies.
 */
final class SimApi implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(SimApi.class);
  // accepted scopes as recorded on api.github.com (provider-facts 0.4, recorded/ mappings)
  static final Set<String> READ_SCOPES = Set.of("admin:repo_hook", "public_repo", "read:repo_hook", "repo", "write:repo_hook");
  static final Set<String> WRITE_SCOPES = Set.of("admin:repo_hook", "public_repo", "repo", "write:repo_hook");
  static final Set<String> DELETE_SCOPES = Set.of("admin:repo_hook", "public_repo", "repo");
  private static final String[] ZEN = {
      "Design for failure.", "Anything added dilutes everything else.", "Keep it logically awesome.",
      "Speak like a human.", "Practicality beats purity."};

  /** The REST API version the simulator serves (the one GitHub's docs pin, provider-facts 1). */
  static final String API_VERSION = "2022-11-28";

  record Reply(int status, Map<String, String> headers, byte[] body) {}

  private final SimState state;
  private final Hookshot hookshot;
  private final String base;
  private final SimJson json;
  private final long resetEpoch = Instant.now().getEpochSecond() + 3600;
  private int zenIndex;

  SimApi(SimState state, Hookshot hookshot, String base) {
    this.state = state;
    this.hookshot = hookshot;
    this.base = base;
    this.json = new SimJson(base);
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Reply reply;
      try {
        byte[] body = ex.getRequestBody().readAllBytes();
        synchronized (state) {
          reply = route(ex, body);
        }
      } catch (RuntimeException e) {
        log.warn("github simulator failed on {} {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
        reply = reply(500, Map.of(), SimJson.error("Server Error", "https://docs.github.com/rest", 500));
      }
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      ex.getResponseHeaders().set("Server", "GitHub.com");
      ex.getResponseHeaders().set("X-GitHub-Request-Id", UUID.randomUUID().toString().substring(0, 18).toUpperCase(Locale.ROOT));
      if (reply.body().length > 0) ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      if (reply.body().length > 0) ex.getResponseBody().write(reply.body());
    }
  }

  private Reply route(HttpExchange ex, byte[] body) {
    if (state.down) return reply(503, Map.of(), SimJson.error("Service Unavailable", "https://www.githubstatus.com", 503));
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    if (state.rateLimitedRequests > 0) {
      state.rateLimitedRequests--;
      Map<String, String> h = new LinkedHashMap<>();
      h.put("X-RateLimit-Limit", "5000");
      h.put("X-RateLimit-Remaining", "0");
      h.put("X-RateLimit-Used", "5000");
      h.put("X-RateLimit-Reset", Long.toString(Instant.now().getEpochSecond() + 60));
      h.put("X-RateLimit-Resource", "core");
      return reply(403, h, SimJson.error("API rate limit exceeded for user ID 1.",
          "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api", 403));
    }
    SimState.User user = authenticate(ex.getRequestHeaders().getFirst("Authorization"));
    if (user == null) {
      String message = ex.getRequestHeaders().getFirst("Authorization") == null ? "Requires authentication" : "Bad credentials";
      return reply(401, Map.of(), SimJson.error(message, "https://docs.github.com/rest", 401));
    }
    user.remaining = Math.max(0, user.remaining - 1);
    Map<String, String> headers = baseHeaders(user);
    List<String> path = segments(ex.getRequestURI().getRawPath());
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    if (path.equals(List.of("user")) && method.equals("GET")) {
      headers.put("X-Accepted-OAuth-Scopes", "");
      return reply(200, headers, json.user(user));
    }
    SimState.Repo repo;
    List<String> tail;
    if (path.size() >= 3 && path.get(0).equals("repos")) {
      String fullName = path.get(1) + "/" + path.get(2);
      repo = state.repoByName(fullName);
      tail = path.subList(3, path.size());
      Long movedTo = state.renamed.get(fullName.toLowerCase(Locale.ROOT));
      if (repo == null && movedTo != null && state.repos.containsKey(movedTo)) {
        // a renamed or transferred repository answers its old name with a redirect to its id
        String rawQuery = ex.getRequestURI().getRawQuery();
        headers.put("Location", base + "/repositories/" + movedTo + (tail.isEmpty() ? "" : "/" + String.join("/", tail))
            + (rawQuery == null ? "" : "?" + rawQuery));
        return reply(method.equals("GET") ? 301 : 307, headers,
            SimJson.error("Moved Permanently", "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects", 301));
      }
    } else if (path.size() >= 2 && path.get(0).equals("repositories") && path.get(1).matches("[0-9]{1,18}")) {
      repo = state.repos.get(Long.parseLong(path.get(1)));
      tail = path.subList(2, path.size());
    } else {
      return reply(404, headers, SimJson.notFound());
    }
    if (repo == null || !SimState.canSee(user, repo)) {
      headers.put("X-Accepted-OAuth-Scopes", "repo");
      return reply(404, headers, SimJson.notFound());
    }
    if (tail.isEmpty()) {
      headers.put("X-Accepted-OAuth-Scopes", "repo");
      return method.equals("GET") ? reply(200, headers, json.repository(repo, user.roles.get(repo.id))) : reply(404, headers, SimJson.notFound());
    }
    if (!tail.get(0).equals("hooks")) return reply(404, headers, SimJson.notFound());
    return hooks(method, user, repo, tail.subList(1, tail.size()), query, body, headers);
  }

  private Reply hooks(String method, SimState.User user, SimState.Repo repo, List<String> tail, Map<String, String> query,
      byte[] body, Map<String, String> headers) {
    Set<String> accepted = accepted(method, tail);
    headers.put("X-Accepted-OAuth-Scopes", accepted.stream().sorted().collect(Collectors.joining(", ")));
    // GitHub hides hooks behind 404 from classic tokens without a fitting scope and from non-admins
    if (!SimState.scopesAllow(user, repo, accepted)) return reply(404, headers, SimJson.notFound());
    if (user.roles.get(repo.id) != GitHubSimulator.Role.ADMIN) {
      return user.scopes == null
          ? reply(403, headers, SimJson.error("Resource not accessible by personal access token",
              "https://docs.github.com/rest/repos/webhooks", 403))
          : reply(404, headers, SimJson.notFound());
    }
    if (tail.isEmpty()) {
      if (method.equals("GET")) return listHooks(repo, query, headers);
      if (method.equals("POST")) return createHook(user, repo, body, headers);
      return reply(404, headers, SimJson.notFound());
    }
    SimState.Hook hook = tail.get(0).matches("[0-9]{1,18}") ? repo.hooks.get(Long.parseLong(tail.get(0))) : null;
    if (hook == null) return reply(404, headers, SimJson.notFound());
    List<String> rest = tail.subList(1, tail.size());
    String op = method + " " + String.join("/", rest.stream().map(s -> s.matches("[0-9]+") ? "{id}" : s).collect(Collectors.toList()));
    switch (op) {
      case "GET ":
        return reply(200, headers, json.hook(repo, hook));
      case "PATCH ":
        return updateHook(repo, hook, body, headers);
      case "DELETE ":
        repo.hooks.remove(hook.id);
        if (hook.events.contains("meta") || hook.events.contains("*")) {
          hookshot.sendLater(shot(hook, "meta", "deleted", SimJson.bytes(json.metaDeletedPayload(repo, hook, user)), false));
        }
        return reply(204, headers, new byte[0]);
      case "GET config":
        return reply(200, headers, SimJson.config(hook));
      case "PATCH config":
        return updateConfig(hook, body, headers);
      case "POST pings":
        hookshot.sendLater(shot(hook, "ping", null, SimJson.bytes(json.pingPayload(repo, hook, nextZen(), user)), false));
        return reply(204, headers, new byte[0]);
      case "GET deliveries":
        return listDeliveries(repo, hook, query, headers);
      case "GET deliveries/{id}":
        return findDelivery(hook, rest.get(1)).map(d -> reply(200, headers, json.delivery(d)))
            .orElseGet(() -> reply(404, headers, SimJson.notFound()));
      case "POST deliveries/{id}/attempts":
        return findDelivery(hook, rest.get(1)).map(d -> {
          hookshot.sendLater(new Hookshot.Shot(hook.id, repo.id, hook.url, hook.contentType, hook.secret, d.event, d.action,
              d.payload, d.guid, true));
          return reply(202, headers, SimJson.MAPPER.createObjectNode());
        }).orElseGet(() -> reply(404, headers, SimJson.notFound()));
      default:
        return reply(404, headers, SimJson.notFound());
    }
  }

  private static Set<String> accepted(String method, List<String> tail) {
    if (method.equals("DELETE")) return DELETE_SCOPES;
    boolean ping = tail.size() == 2 && tail.get(1).equals("pings");
    if (method.equals("GET") || ping) return READ_SCOPES;
    return WRITE_SCOPES;
  }

  private Reply listHooks(SimState.Repo repo, Map<String, String> query, Map<String, String> headers) {
    int perPage = clamp(query.get("per_page"), 30, 100);
    int page = clamp(query.get("page"), 1, Integer.MAX_VALUE);
    List<SimState.Hook> all = new ArrayList<>(repo.hooks.values());
    int last = Math.max(1, (all.size() + perPage - 1) / perPage);
    ArrayNode array = SimJson.MAPPER.createArrayNode();
    all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(h -> array.add(json.hook(repo, h)));
    if (last > 1) {
      String self = base + "/repositories/" + repo.id + "/hooks?per_page=" + perPage + "&page=";
      List<String> links = new ArrayList<>();
      if (page < last) links.add("<" + self + (page + 1) + ">; rel=\"next\"");
      links.add("<" + self + last + ">; rel=\"last\"");
      if (page > 1) links.add("<" + self + "1>; rel=\"first\"");
      headers.put("Link", String.join(", ", links));
    }
    return reply(200, headers, array);
  }

  private Reply createHook(SimState.User user, SimState.Repo repo, byte[] body, Map<String, String> headers) {
    JsonNode req = parse(body);
    if (req == null || !req.isObject()) return reply(400, headers, SimJson.error("Problems parsing JSON", "https://docs.github.com/rest", 400));
    if (req.has("name") && !"web".equals(req.path("name").asText())) {
      return reply(422, headers, SimJson.validationFailed(List.of("Invalid name: only \"web\" hooks can be created")));
    }
    JsonNode config = req.path("config");
    String url = config.path("url").asText("");
    if (Hookshot.loopbackUri(url) == null && !url.matches("https?://[^\\s/]+.*")) {
      return reply(422, headers, SimJson.validationFailed(List.of("Config must contain a valid URL")));
    }
    List<String> events = req.has("events") ? strings(req.get("events")) : List.of("push");
    if (SimState.duplicates(repo, url, events)) {
      return reply(422, headers, SimJson.validationFailed(List.of("Hook already exists on this repository")));
    }
    List<String> limit = SimState.limitErrors(repo, events, null);
    if (!limit.isEmpty()) return reply(422, headers, SimJson.validationFailed(List.of(String.join("; ", limit))));
    SimState.Hook hook = new SimState.Hook(state.hookIds.incrementAndGet(), repo.id, Instant.now());
    hook.url = url;
    hook.events = events;
    hook.active = !req.has("active") || req.get("active").asBoolean(true);
    hook.contentType = SimState.normaliseContentType(config.hasNonNull("content_type") ? config.get("content_type").asText() : null);
    hook.insecureSsl = config.hasNonNull("insecure_ssl") ? config.get("insecure_ssl").asText() : "0";
    hook.secret = config.hasNonNull("secret") && !config.get("secret").asText().isEmpty() ? config.get("secret").asText() : null;
    repo.hooks.put(hook.id, hook);
    headers.put("Location", base + "/repos/" + repo.fullName + "/hooks/" + hook.id);
    // GitHub pings every new hook straight away, before the creator has even read the answer
    if (hook.active) hookshot.sendLater(shot(hook, "ping", null, SimJson.bytes(json.pingPayload(repo, hook, nextZen(), user)), false));
    return reply(201, headers, json.hook(repo, hook));
  }

  private Reply updateHook(SimState.Repo repo, SimState.Hook hook, byte[] body, Map<String, String> headers) {
    JsonNode req = parse(body);
    if (req == null || !req.isObject()) return reply(400, headers, SimJson.error("Problems parsing JSON", "https://docs.github.com/rest", 400));
    List<String> events = new ArrayList<>(hook.events);
    if (req.has("events")) events = strings(req.get("events"));
    for (String e : strings(req.path("add_events"))) if (!events.contains(e)) events.add(e);
    events.removeAll(strings(req.path("remove_events")));
    List<String> limit = SimState.limitErrors(repo, events, hook.id);
    if (!limit.isEmpty()) return reply(422, headers, SimJson.validationFailed(List.of(String.join("; ", limit))));
    hook.events = events;
    if (req.has("active")) hook.active = req.get("active").asBoolean(hook.active);
    if (req.has("config")) {
      JsonNode c = req.get("config");
      // a full config replaces the old one: a secret not repeated is removed (provider-facts 0.3)
      hook.url = c.path("url").asText(hook.url);
      hook.contentType = SimState.normaliseContentType(c.hasNonNull("content_type") ? c.get("content_type").asText() : null);
      hook.insecureSsl = c.hasNonNull("insecure_ssl") ? c.get("insecure_ssl").asText() : "0";
      hook.secret = c.hasNonNull("secret") && !c.get("secret").asText().isEmpty() ? c.get("secret").asText() : null;
    }
    hook.updatedAt = Instant.now();
    return reply(200, headers, json.hook(repo, hook));
  }

  private Reply updateConfig(SimState.Hook hook, byte[] body, Map<String, String> headers) {
    JsonNode c = parse(body);
    if (c == null || !c.isObject()) return reply(400, headers, SimJson.error("Problems parsing JSON", "https://docs.github.com/rest", 400));
    if (c.hasNonNull("url")) hook.url = c.get("url").asText();
    if (c.hasNonNull("content_type")) hook.contentType = SimState.normaliseContentType(c.get("content_type").asText());
    if (c.hasNonNull("insecure_ssl")) hook.insecureSsl = c.get("insecure_ssl").asText();
    if (c.has("secret")) hook.secret = c.hasNonNull("secret") && !c.get("secret").asText().isEmpty() ? c.get("secret").asText() : null;
    hook.updatedAt = Instant.now();
    return reply(200, headers, SimJson.config(hook));
  }

  private Reply listDeliveries(SimState.Repo repo, SimState.Hook hook, Map<String, String> query, Map<String, String> headers) {
    int perPage = clamp(query.get("per_page"), 30, 100);
    String status = query.get("status");
    long before = Long.MAX_VALUE;
    String cursor = query.get("cursor");
    if (cursor != null && cursor.startsWith("v1_") && cursor.substring(3).matches("[0-9]{1,19}")) before = Long.parseLong(cursor.substring(3));
    final long limitId = before;
    List<SimState.Delivery> matching = new ArrayList<>();
    for (int i = hook.deliveries.size() - 1; i >= 0; i--) {
      SimState.Delivery d = hook.deliveries.get(i);
      if (d.id >= limitId) continue;
      if ("failure".equals(status) && d.success()) continue;
      if ("success".equals(status) && !d.success()) continue;
      matching.add(d);
    }
    ArrayNode array = SimJson.MAPPER.createArrayNode();
    matching.stream().limit(perPage).forEach(d -> array.add(json.deliveryItem(d)));
    if (matching.size() > perPage) {
      String next = base + "/repositories/" + repo.id + "/hooks/" + hook.id + "/deliveries?per_page=" + perPage
          + (status == null ? "" : "&status=" + status) + "&cursor=v1_" + matching.get(perPage - 1).id;
      headers.put("Link", "<" + next + ">; rel=\"next\"");
    }
    return reply(200, headers, array);
  }

  private static java.util.Optional<SimState.Delivery> findDelivery(SimState.Hook hook, String id) {
    return hook.deliveries.stream().filter(d -> Long.toString(d.id).equals(id)).findFirst();
  }

  Hookshot.Shot shot(SimState.Hook hook, String event, String action, byte[] payload, boolean redelivery) {
    return new Hookshot.Shot(hook.id, hook.repoId, hook.url, hook.contentType, hook.secret, event, action, payload,
        UUID.randomUUID().toString(), redelivery);
  }

  String nextZen() {
    return ZEN[zenIndex++ % ZEN.length];
  }

  private SimState.User authenticate(String authorization) {
    if (authorization == null) return null;
    String a = authorization.trim();
    String token = a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).trim()
        : a.regionMatches(true, 0, "token ", 0, 6) ? a.substring(6).trim() : null;
    return token == null ? null : state.usersByToken.get(token);
  }

  private Map<String, String> baseHeaders(SimState.User user) {
    Map<String, String> h = new LinkedHashMap<>();
    if (user.scopes != null) h.put("X-OAuth-Scopes", String.join(", ", user.scopes));
    h.put("X-GitHub-Media-Type", "github.v3; format=json");
    h.put("X-GitHub-Api-Version-Selected", API_VERSION);
    h.put("X-RateLimit-Limit", "5000");
    h.put("X-RateLimit-Remaining", Integer.toString(user.remaining));
    h.put("X-RateLimit-Used", Integer.toString(5000 - user.remaining));
    h.put("X-RateLimit-Reset", Long.toString(resetEpoch));
    h.put("X-RateLimit-Resource", "core");
    return h;
  }

  private static Reply reply(int status, Map<String, String> headers, Object body) {
    byte[] bytes = body instanceof byte[] ? (byte[]) body : SimJson.bytes(body);
    return new Reply(status, headers, bytes);
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) return SimJson.MAPPER.createObjectNode();
    try {
      return SimJson.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) out.add(n.asText());
    return out;
  }

  private static int clamp(String value, int dflt, int max) {
    if (value == null || !value.matches("[0-9]{1,9}")) return dflt;
    int v = Integer.parseInt(value);
    return v < 1 ? dflt : Math.min(v, max);
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null) return out;
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
