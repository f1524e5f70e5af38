package dev.hookkeeper.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookHealth;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepository;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads GitHub REST answers and writes request bodies. Tolerant of fields GitHub may add. */
final class ApiJson {
  private final ObjectMapper mapper;

  ApiJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  JsonNode read(ApiResponse r) throws GitHubCallException {
    try {
      JsonNode node = mapper.readTree(r.body());
      if (node == null || node.isMissingNode()) throw invalid("an empty body", r);
      return node;
    } catch (IOException e) {
      throw invalid("a body that is not JSON", r);
    }
  }

  String login(JsonNode user, ApiResponse r) throws GitHubCallException {
    String login = user.path("login").asText("");
    if (login.isBlank()) throw invalid("a user without login", r);
    return login;
  }

  ProviderRepository repository(JsonNode repo, ApiResponse r) throws GitHubCallException {
    long id = repo.path("id").asLong(0);
    String fullName = repo.path("full_name").asText("");
    if (id <= 0 || fullName.isBlank()) throw invalid("a repository without id or full_name", r);
    return new ProviderRepository(
        Provider.GITHUB,
        id,
        fullName,
        repo.path("default_branch").asText(""),
        repo.path("private").asBoolean(false),
        repo.path("archived").asBoolean(false),
        access(repo.path("permissions")));
  }

  /** GitHub's {@code permissions} object, present when the token has a user context. */
  static AccessLevel access(JsonNode permissions) {
    if (!permissions.isObject()) return AccessLevel.UNKNOWN;
    if (permissions.path("admin").asBoolean(false)) return AccessLevel.ADMIN;
    if (permissions.path("maintain").asBoolean(false) || permissions.path("push").asBoolean(false)) {
      return AccessLevel.WRITE;
    }
    if (permissions.path("triage").asBoolean(false) || permissions.path("pull").asBoolean(false)) {
      return AccessLevel.READ;
    }
    return AccessLevel.NONE;
  }

  ProviderHook hook(JsonNode hook, ApiResponse r) throws GitHubCallException {
    long id = hook.path("id").asLong(0);
    if (id <= 0) throw invalid("a hook without id", r);
    JsonNode config = hook.path("config");
    List<String> events = new ArrayList<>();
    for (JsonNode e : hook.path("events")) events.add(e.asText());
    return new ProviderHook(
        Long.toString(id),
        config.path("url").asText(""),
        events,
        hook.path("active").asBoolean(true),
        // GitHub's default content type is form, so an absent value means form
        config.path("content_type").asText("form"),
        new HookHealth(HookHealth.AlertStatus.EXECUTABLE, null, lastResponse(hook.path("last_response"))));
  }

  /** {@code last_response}: all three fields nullable, the object itself null without deliveries in 30 days. */
  private static HookHealth.LastResponse lastResponse(JsonNode last) {
    if (!last.isObject()) return null;
    return new HookHealth.LastResponse(
        last.path("code").canConvertToInt() ? last.get("code").asInt() : null,
        last.hasNonNull("status") ? last.get("status").asText() : null,
        last.hasNonNull("message") ? last.get("message").asText() : null);
  }

  List<ProviderHook> hooks(JsonNode array, ApiResponse r) throws GitHubCallException {
    if (!array.isArray()) throw invalid("a hook list that is not an array", r);
    List<ProviderHook> out = new ArrayList<>(array.size());
    for (JsonNode h : array) out.add(hook(h, r));
    return out;
  }

  List<ProviderDelivery> deliveries(JsonNode array, ApiResponse r) throws GitHubCallException {
    if (!array.isArray()) throw invalid("a delivery list that is not an array", r);
    List<ProviderDelivery> out = new ArrayList<>(array.size());
    for (JsonNode d : array) {
      long id = d.path("id").asLong(0);
      if (id <= 0) throw invalid("a delivery without id", r);
      int code = d.path("status_code").asInt(0);
      String status = d.path("status").asText("");
      out.add(
          new ProviderDelivery(
              Long.toString(id),
              d.path("guid").asText(""),
              d.path("event").asText(""),
              d.hasNonNull("action") ? d.get("action").asText() : null,
              code,
              // the official redelivery recipe's test; a log without status text falls back to a 2xx code
              status.isEmpty() ? code >= 200 && code < 300 : "OK".equals(status),
              status,
              d.path("redelivery").asBoolean(false),
              Duration.ofNanos(Math.max(0, Math.round(d.path("duration").asDouble(0) * 1e9))),
              instant(d.path("delivered_at").asText(""), r)));
    }
    return out;
  }

  String createBody(HookSpec spec) {
    ObjectNode body = mapper.createObjectNode();
    body.put("name", "web");
    body.put("active", true);
    events(body.putArray("events"), spec.events());
    body.set("config", config(spec));
    return body.toString();
  }

  /** For {@code PATCH /hooks/{id}}: the whole config with the secret (else GitHub drops it), the events, active. */
  String updateBody(HookSpec spec) {
    ObjectNode body = mapper.createObjectNode();
    body.put("active", true);
    events(body.putArray("events"), spec.events());
    body.set("config", config(spec));
    return body.toString();
  }

  private ObjectNode config(HookSpec spec) {
    ObjectNode config = mapper.createObjectNode();
    config.put("url", spec.url());
    config.put("content_type", "json");
    config.put("insecure_ssl", "0");
    config.put("secret", spec.secret().reveal());
    return config;
  }

  private static void events(ArrayNode array, List<String> events) {
    events.forEach(array::add);
  }

  private static Instant instant(String text, ApiResponse r) throws GitHubCallException {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw invalid("a delivery with an unreadable delivered_at", r);
    }
  }

  private static GitHubCallException invalid(String what, ApiResponse r) {
    return new GitHubCallException(
        FailureReason.PROVIDER_UNAVAILABLE, "GitHub answered " + r.code() + " with " + what + " (" + r.url().encodedPath() + ")");
  }
}
