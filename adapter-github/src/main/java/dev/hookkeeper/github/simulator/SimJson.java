package dev.hookkeeper.github.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * JSON the simulated GitHub answers with, shaped like the OpenAPI examples and recorded answers in
 * the fixtures ({@code hook.example.json}, {@code webhook-config.example.json}, {@code
 * hook-delivery*.example.json}, {@code recorded/}).
 */
final class SimJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String DOCS = "https://docs.github.com/rest/repos/webhooks";

  private final String apiBase;

  SimJson(String apiBase) {
    this.apiBase = apiBase;
  }

  static byte[] bytes(Object node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  static ObjectNode error(String message, String documentationUrl, int status) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("message", message);
    n.put("documentation_url", documentationUrl);
    n.put("status", Integer.toString(status));
    return n;
  }

  static ObjectNode notFound() {
    return error("Not Found", "https://docs.github.com/rest", 404);
  }

  /** {@code validation-error}; GitHub's own text for the hook errors (provider-facts 1.2). */
  static ObjectNode validationFailed(List<String> messages) {
    return validationFailed("Hook", messages);
  }

  static ObjectNode validationFailed(String resource, List<String> messages) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("message", "Validation Failed");
    ArrayNode errors = n.putArray("errors");
    for (String m : messages) {
      ObjectNode e = errors.addObject();
      e.put("resource", resource);
      e.put("code", "custom");
      e.put("message", m);
    }
    n.put("documentation_url", DOCS + "#create-a-repository-webhook");
    n.put("status", "422");
    return n;
  }

  ObjectNode user(SimUser u) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("login", u.login);
    n.put("id", u.id);
    n.put("type", "User");
    n.put("html_url", "https://github.com/" + u.login);
    return n;
  }

  ObjectNode repository(SimRepo r, GitHubSimulator.Role role) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", r.id);
    n.put("name", r.name());
    n.put("full_name", r.fullName);
    n.put("private", r.privateRepo);
    ObjectNode owner = n.putObject("owner");
    owner.put("login", r.owner());
    owner.put("type", "User");
    n.put("html_url", "https://github.com/" + r.fullName);
    n.put("url", apiBase + "/repos/" + r.fullName);
    n.put("hooks_url", apiBase + "/repos/" + r.fullName + "/hooks");
    n.put("default_branch", r.defaultBranch);
    n.put("archived", r.archived);
    n.put("visibility", r.privateRepo ? "private" : "public");
    if (role == null) return n;
    ObjectNode p = n.putObject("permissions");
    p.put("admin", role == GitHubSimulator.Role.ADMIN);
    p.put("maintain", role == GitHubSimulator.Role.ADMIN);
    p.put("push", role == GitHubSimulator.Role.ADMIN || role == GitHubSimulator.Role.WRITE);
    p.put("triage", true);
    p.put("pull", true);
    return n;
  }

  /** A public repository seen by someone without a role still has {@code permissions}, all false but pull. */
  ObjectNode repositoryFor(SimRepo r, SimUser u) {
    ObjectNode n = repository(r, u.roles.get(r.id));
    if (!n.has("permissions")) {
      ObjectNode p = n.putObject("permissions");
      p.put("admin", false);
      p.put("maintain", false);
      p.put("push", false);
      p.put("triage", false);
      p.put("pull", true);
    }
    return n;
  }

  ObjectNode hook(SimRepo r, SimHook h) {
    ObjectNode n = MAPPER.createObjectNode();
    String self = apiBase + "/repos/" + r.fullName + "/hooks/" + h.id;
    n.put("type", "Repository");
    n.put("id", h.id);
    n.put("name", "web");
    n.put("active", h.active);
    ArrayNode events = n.putArray("events");
    h.events.forEach(events::add);
    n.set("config", config(h));
    n.put("updated_at", h.updatedAt.toString());
    n.put("created_at", h.createdAt.toString());
    n.put("url", self);
    n.put("test_url", self + "/test");
    n.put("ping_url", self + "/pings");
    n.put("deliveries_url", self + "/deliveries");
    ObjectNode last = n.putObject("last_response");
    if (h.lastCode == null) last.putNull("code"); else last.put("code", h.lastCode);
    if (h.lastStatus == null) last.putNull("status"); else last.put("status", h.lastStatus);
    if (h.lastMessage == null) last.putNull("message"); else last.put("message", h.lastMessage);
    return n;
  }

  /** {@code webhook-config}: the secret is never returned, only masked. */
  static ObjectNode config(SimHook h) {
    ObjectNode c = MAPPER.createObjectNode();
    c.put("content_type", h.contentType);
    c.put("insecure_ssl", h.insecureSsl);
    if (h.secret != null) c.put("secret", "********");
    c.put("url", h.url);
    return c;
  }

  ObjectNode deliveryItem(SimDelivery d) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", d.id());
    n.put("guid", d.guid());
    n.put("delivered_at", d.deliveredAt().toString());
    n.put("redelivery", d.redelivery());
    n.put("duration", d.durationSeconds());
    n.put("status", d.status());
    n.put("status_code", d.statusCode());
    n.put("event", d.event());
    if (d.action() == null) n.putNull("action"); else n.put("action", d.action());
    n.putNull("installation_id");
    n.put("repository_id", d.repoId());
    n.putNull("throttled_at");
    return n;
  }

  ObjectNode delivery(SimDelivery d) {
    ObjectNode n = deliveryItem(d);
    n.put("url", d.url());
    ObjectNode request = n.putObject("request");
    ObjectNode headers = request.putObject("headers");
    d.requestHeaders().forEach(headers::put);
    try {
      request.set("payload", MAPPER.readTree(d.payload()));
    } catch (java.io.IOException e) {
      request.put("payload", new String(d.payload(), StandardCharsets.UTF_8));
    }
    ObjectNode response = n.putObject("response");
    response.putObject("headers");
    response.put("payload", d.responseBody());
    return n;
  }

  ObjectNode sender(SimUser u) {
    ObjectNode s = MAPPER.createObjectNode();
    s.put("login", u == null ? "ghost" : u.login);
    s.put("id", u == null ? 10137 : u.id);
    s.put("type", "User");
    return s;
  }
}
