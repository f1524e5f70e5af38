package dev.hookkeeper.github.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code /repos/{owner}/{repo}/hooks…}: list, create, get, update, delete, config, pings, with
 * GitHub's scope and admin checks (404 for a missing scope or role, 403 for a fine-grained token).
 * The deliveries routes are in {@link SimDeliveryRoutes}. Runs under the state lock.
 */
final class SimHookRoutes {
  // accepted scopes as recorded on api.github.com (provider-facts 0.4, recorded/ mappings)
  static final Set<String> READ_SCOPES = Set.of("admin:repo_hook", "public_repo", "read:repo_hook", "repo", "write:repo_hook");
  static final Set<String> WRITE_SCOPES = Set.of("admin:repo_hook", "public_repo", "repo", "write:repo_hook");
  static final Set<String> DELETE_SCOPES = Set.of("admin:repo_hook", "public_repo", "repo");

  private final SimState state;
  private final Hookshot hookshot;
  private final SimJson json;
  private final SimPayloads payloads;
  private final SimDeliveryRoutes deliveries;
  private final String base;

  SimHookRoutes(SimState state, Hookshot hookshot, SimJson json, SimPayloads payloads, String base) {
    this.state = state;
    this.hookshot = hookshot;
    this.json = json;
    this.payloads = payloads;
    this.base = base;
    this.deliveries = new SimDeliveryRoutes(state, hookshot, json, base);
  }

  SimReply route(SimRequest request, SimUser user, SimRepo repo, List<String> tail, Map<String, String> headers) {
    Set<String> accepted = accepted(request.method(), tail);
    headers.put("X-Accepted-OAuth-Scopes", accepted.stream().sorted().collect(Collectors.joining(", ")));
    // GitHub hides hooks behind 404 from classic tokens without a fitting scope and from non-admins
    if (!user.scopesAllow(repo, accepted)) return SimReply.notFound(headers);
    if (user.roles.get(repo.id) != GitHubSimulator.Role.ADMIN) {
      return user.scopes == null
          ? SimReply.json(403, headers, SimJson.error("Resource not accessible by personal access token",
              "https://docs.github.com/rest/repos/webhooks", 403))
          : SimReply.notFound(headers);
    }
    if (tail.isEmpty()) {
      if (request.is("GET")) return list(repo, request, headers);
      if (request.is("POST")) return create(user, repo, request.json(), headers);
      return SimReply.notFound(headers);
    }
    SimHook hook = tail.get(0).matches("[0-9]{1,18}") ? repo.hooks.get(Long.parseLong(tail.get(0))) : null;
    if (hook == null) return SimReply.notFound(headers);
    List<String> rest = tail.subList(1, tail.size());
    if (!rest.isEmpty() && rest.get(0).equals("deliveries")) return deliveries.route(request, repo, hook, rest.subList(1, rest.size()), headers);
    String op = request.method() + " " + String.join("/", rest);
    switch (op) {
      case "GET ":
        return SimReply.json(200, headers, json.hook(repo, hook));
      case "PATCH ":
        return update(repo, hook, request.json(), headers);
      case "DELETE ":
        repo.hooks.remove(hook.id);
        if (hook.events.contains("meta") || hook.events.contains("*")) {
          hookshot.sendLater(shot(hook, "meta", "deleted", SimJson.bytes(payloads.metaDeleted(repo, hook, user))));
        }
        return SimReply.empty(204, headers);
      case "GET config":
        return SimReply.json(200, headers, SimJson.config(hook));
      case "PATCH config":
        return updateConfig(hook, request.json(), headers);
      case "POST pings":
        hookshot.sendLater(shot(hook, "ping", null, SimJson.bytes(payloads.ping(repo, hook, user))));
        return SimReply.empty(204, headers);
      default:
        return SimReply.notFound(headers);
    }
  }

  private static Set<String> accepted(String method, List<String> tail) {
    if (method.equals("DELETE")) return DELETE_SCOPES;
    boolean ping = tail.size() == 2 && tail.get(1).equals("pings");
    if (method.equals("GET") || ping) return READ_SCOPES;
    return WRITE_SCOPES;
  }

  private SimReply list(SimRepo repo, SimRequest request, Map<String, String> headers) {
    int perPage = request.intParam("per_page", 30, 100);
    int page = request.intParam("page", 1, Integer.MAX_VALUE);
    List<SimHook> all = new ArrayList<>(repo.hooks.values());
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
    return SimReply.json(200, headers, array);
  }

  private SimReply create(SimUser user, SimRepo repo, JsonNode req, Map<String, String> headers) {
    if (req == null || !req.isObject()) return problemsParsingJson(headers);
    if (req.has("name") && !"web".equals(req.path("name").asText())) {
      return SimReply.json(422, headers, SimJson.validationFailed(List.of("Invalid name: only \"web\" hooks can be created")));
    }
    JsonNode config = req.path("config");
    String url = config.path("url").asText("");
    if (Hookshot.loopbackUri(url) == null && !url.matches("https?://[^\\s/]+.*")) {
      return SimReply.json(422, headers, SimJson.validationFailed(List.of("Config must contain a valid URL")));
    }
    List<String> events = req.has("events") ? strings(req.get("events")) : List.of("push");
    if (SimState.duplicates(repo, url, events)) {
      return SimReply.json(422, headers, SimJson.validationFailed(List.of("Hook already exists on this repository")));
    }
    List<String> limit = SimState.limitErrors(repo, events, null);
    if (!limit.isEmpty()) return SimReply.json(422, headers, SimJson.validationFailed(List.of(String.join("; ", limit))));
    SimHook hook = new SimHook(state.hookIds.incrementAndGet(), repo.id, state.now());
    hook.url = url;
    hook.events = events;
    hook.active = !req.has("active") || req.get("active").asBoolean(true);
    hook.contentType = SimHook.normaliseContentType(config.hasNonNull("content_type") ? config.get("content_type").asText() : null);
    hook.insecureSsl = config.hasNonNull("insecure_ssl") ? config.get("insecure_ssl").asText() : "0";
    hook.secret = config.hasNonNull("secret") && !config.get("secret").asText().isEmpty() ? config.get("secret").asText() : null;
    repo.hooks.put(hook.id, hook);
    headers.put("Location", base + "/repos/" + repo.fullName + "/hooks/" + hook.id);
    // GitHub pings every new hook straight away, before the creator has even read the answer
    if (hook.active) hookshot.sendLater(shot(hook, "ping", null, SimJson.bytes(payloads.ping(repo, hook, user))));
    return SimReply.json(201, headers, json.hook(repo, hook));
  }

  private SimReply update(SimRepo repo, SimHook hook, JsonNode req, Map<String, String> headers) {
    if (req == null || !req.isObject()) return problemsParsingJson(headers);
    List<String> events = new ArrayList<>(hook.events);
    if (req.has("events")) events = strings(req.get("events"));
    for (String e : strings(req.path("add_events"))) if (!events.contains(e)) events.add(e);
    events.removeAll(strings(req.path("remove_events")));
    List<String> limit = SimState.limitErrors(repo, events, hook.id);
    if (!limit.isEmpty()) return SimReply.json(422, headers, SimJson.validationFailed(List.of(String.join("; ", limit))));
    hook.events = events;
    if (req.has("active")) hook.active = req.get("active").asBoolean(hook.active);
    if (req.has("config")) {
      JsonNode c = req.get("config");
      // a full config replaces the old one: a secret not repeated is removed (provider-facts 0.3)
      hook.url = c.path("url").asText(hook.url);
      hook.contentType = SimHook.normaliseContentType(c.hasNonNull("content_type") ? c.get("content_type").asText() : null);
      hook.insecureSsl = c.hasNonNull("insecure_ssl") ? c.get("insecure_ssl").asText() : "0";
      hook.secret = c.hasNonNull("secret") && !c.get("secret").asText().isEmpty() ? c.get("secret").asText() : null;
    }
    hook.updatedAt = state.now();
    return SimReply.json(200, headers, json.hook(repo, hook));
  }

  private SimReply updateConfig(SimHook hook, JsonNode c, Map<String, String> headers) {
    if (c == null || !c.isObject()) return problemsParsingJson(headers);
    if (c.hasNonNull("url")) hook.url = c.get("url").asText();
    if (c.hasNonNull("content_type")) hook.contentType = SimHook.normaliseContentType(c.get("content_type").asText());
    if (c.hasNonNull("insecure_ssl")) hook.insecureSsl = c.get("insecure_ssl").asText();
    if (c.has("secret")) hook.secret = c.hasNonNull("secret") && !c.get("secret").asText().isEmpty() ? c.get("secret").asText() : null;
    hook.updatedAt = state.now();
    return SimReply.json(200, headers, SimJson.config(hook));
  }

  /** A delivery of a new event (its own GUID) to one hook, as it is configured now. */
  static Hookshot.Shot shot(SimHook hook, String event, String action, byte[] payload) {
    return new Hookshot.Shot(hook.id, hook.repoId, hook.url, hook.contentType, hook.secret, event, action, payload,
        UUID.randomUUID().toString(), false);
  }

  private static SimReply problemsParsingJson(Map<String, String> headers) {
    return SimReply.json(400, headers, SimJson.error("Problems parsing JSON", "https://docs.github.com/rest", 400));
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) out.add(n.asText());
    return out;
  }
}
