package dev.hookkeeper.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.core.model.ProviderDelivery;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** One entry of {@code GET /projects/:id/hooks/:hook_id/events} (GitLab 17.3+). */
final class GitLabHookEventJson {
  private GitLabHookEventJson() {}

  /**
   * @param seenAt used when the entry carries no time: the documented shape has neither a
   *     {@code created_at} nor always a {@code Date} response header
   */
  static ProviderDelivery parse(JsonNode event, Instant seenAt) {
    JsonNode requestHeaders = event.path("request_headers");
    String guid = header(requestHeaders, "Idempotency-Key");
    if (guid.isEmpty()) guid = header(requestHeaders, "X-Gitlab-Event-UUID");
    String eventName = header(requestHeaders, "X-Gitlab-Event");
    if (eventName.isEmpty()) eventName = event.path("trigger").asText("unknown");
    // "internal error" (timeouts, refused connections) is a failure without a status code.
    String statusText = event.path("response_status").asText("");
    int status = parseStatus(statusText);
    JsonNode data = requestData(event.path("request_data"));
    String action = data.path("object_attributes").path("action").asText(null);
    double seconds = event.path("execution_duration").asDouble(0);
    return new ProviderDelivery(
        event.path("id").asText(),
        guid,
        eventName,
        action,
        status,
        status >= 200 && status < 300,
        statusText,
        false, // GitLab's log does not say whether an entry is a resend
        Duration.ofNanos(Math.max(0, Math.round(seconds * 1e9))),
        deliveredAt(event, seenAt));
  }

  private static int parseStatus(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static JsonNode requestData(JsonNode node) {
    if (!node.isTextual()) return node;
    try {
      return GitLabHttp.MAPPER.readTree(node.asText());
    } catch (IOException e) {
      return GitLabHttp.MAPPER.missingNode();
    }
  }

  private static Instant deliveredAt(JsonNode event, Instant seenAt) {
    Instant created = GitLabTime.parse(event.path("created_at").asText(null));
    if (created != null) return created;
    String date = header(event.path("response_headers"), "Date");
    if (!date.isEmpty()) {
      try {
        return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException ignored) {
        // fall through to seenAt
      }
    }
    return seenAt;
  }

  /** GitLab records header names as sent; compare case-insensitively. */
  private static String header(JsonNode headers, String name) {
    for (Map.Entry<String, JsonNode> e : headers.properties()) {
      if (e.getKey().equalsIgnoreCase(name)) return e.getValue().asText("");
    }
    return "";
  }
}
