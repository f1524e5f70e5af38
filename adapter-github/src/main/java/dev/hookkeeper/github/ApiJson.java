package dev.hookkeeper.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepository;
import java.io.IOException;
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
        false,
        null);
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
      int status = d.path("status_code").asInt(0);
      out.add(
          new ProviderDelivery(
              Long.toString(id),
              d.path("guid").asText(""),
              d.path("event").asText(""),
              d.hasNonNull("action") ? d.get("action").asText() : null,
              status,
              // GitHub's own status filter counts 200-399 as success
              status >= 200 && status < 400,
              d.path("redelivery").asBoolean(false),
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

  /** For {@code PATCH /hooks/{id}/config}: every field, the secret always included. */
  String configBody(HookSpec spec) {
    return config(spec).toString();
  }

  /** For {@code PATCH /hooks/{id}}: events and active only; no {@code config}, which would drop the secret. */
  String eventsBody(HookSpec spec) {
    ObjectNode body = mapper.createObjectNode();
    events(body.putArray("events"), spec.events());
    body.put("active", true);
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
