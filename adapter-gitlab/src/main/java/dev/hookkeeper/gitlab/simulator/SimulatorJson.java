package dev.hookkeeper.gitlab.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** The JSON {@link GitLabSimulator} answers with, shaped like GitLab's API v4 entities. */
final class SimulatorJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private SimulatorJson() {}

  static ObjectNode message(String key, String text) {
    return SimulatorJson.MAPPER.createObjectNode().put(key, text);
  }

  static ObjectNode user(SimUser user, String baseUrl) {
    return SimulatorJson.MAPPER.createObjectNode()
        .put("id", user.id())
        .put("username", user.username())
        .put("name", user.username())
        .put("state", "active")
        .put("web_url", baseUrl + "/" + user.username());
  }

  static ObjectNode project(SimProject p, int accessLevel, String baseUrl) {
    String name = p.path.substring(p.path.lastIndexOf('/') + 1);
    ObjectNode node = SimulatorJson.MAPPER.createObjectNode()
        .put("id", p.id)
        .put("description", "")
        .put("name", name)
        .put("name_with_namespace", p.path.replace("/", " / "))
        .put("path", name)
        .put("path_with_namespace", p.path)
        .put("created_at", "2024-01-01T00:00:00.000Z")
        .put("default_branch", p.defaultBranch)
        .put("visibility", p.visibility)
        .put("archived", p.archived)
        .put("web_url", p.webUrl(baseUrl))
        .put("http_url_to_repo", p.webUrl(baseUrl) + ".git");
    ObjectNode permissions = node.putObject("permissions");
    if (accessLevel > 0) {
      permissions.putObject("project_access").put("access_level", accessLevel).put("notification_level", 3);
    } else {
      permissions.putNull("project_access");
    }
    permissions.putNull("group_access");
    return node;
  }

  static ObjectNode hook(SimHook h, Instant now) {
    ObjectNode node = SimulatorJson.MAPPER.createObjectNode()
        .put("id", h.id)
        .put("url", h.url)
        .putNull("name")
        .putNull("description")
        .put("project_id", h.projectId);
    h.flags.forEach(node::put);
    node.put("push_events_branch_filter", "")
        .put("branch_filter_strategy", "wildcard")
        .put("enable_ssl_verification", h.sslVerification)
        .put("repository_update_events", false)
        .put("alert_status", h.alertStatus(now));
    if (!h.executable(now) && h.disabledUntil != null) {
      node.put("disabled_until", h.disabledUntil.toString());
    } else {
      node.putNull("disabled_until");
    }
    node.putArray("url_variables");
    node.put("created_at", h.createdAt.toString());
    node.putNull("custom_webhook_template");
    node.putArray("custom_headers");
    node.put("token_present", h.token != null);
    node.put("signing_token_present", h.signingToken != null);
    return node;
  }

  static ObjectNode event(SimEvent e, String url, String flag) {
    ObjectNode node = SimulatorJson.MAPPER.createObjectNode()
        .put("id", e.id())
        .put("url", url)
        .put("trigger", SimEventNames.triggerFor(flag));
    ObjectNode headers = node.putObject("request_headers");
    for (Map.Entry<String, String> h : e.requestHeaders().entrySet()) headers.put(h.getKey(), h.getValue());
    node.set("request_data", parseOrText(e.body()));
    node.putObject("response_headers");
    node.put("response_body", e.responseBody());
    node.put("execution_duration", e.durationSeconds());
    node.put("response_status", e.status() == 0 ? "internal error" : String.valueOf(e.status()));
    node.put("created_at", e.at().toString());
    return node;
  }

  private static JsonNode parseOrText(byte[] body) {
    try {
      return SimulatorJson.MAPPER.readTree(body);
    } catch (IOException e) {
      return SimulatorJson.MAPPER.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
    }
  }

  /** What a test request of {@code push_events} sends when nothing was pushed through the simulator. */
  static byte[] samplePush(SimProject p, String baseUrl, SimUser user) {
    ObjectNode push = SimulatorJson.MAPPER.createObjectNode()
        .put("object_kind", "push")
        .put("event_name", "push")
        .put("before", "0000000000000000000000000000000000000000")
        .put("after", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7")
        .put("ref", "refs/heads/" + p.defaultBranch)
        .put("checkout_sha", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7")
        .put("user_id", user.id())
        .put("user_name", user.username())
        .put("user_username", user.username())
        .put("project_id", p.id);
    push.putObject("project")
        .put("id", p.id)
        .put("name", p.path.substring(p.path.lastIndexOf('/') + 1))
        .put("web_url", p.webUrl(baseUrl))
        .put("path_with_namespace", p.path)
        .put("default_branch", p.defaultBranch);
    push.putArray("commits");
    push.put("total_commits_count", 0);
    return push.toString().getBytes(StandardCharsets.UTF_8);
  }
}
