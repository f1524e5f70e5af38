package dev.hookkeeper.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookkeeper.core.model.HookHealth;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.ProviderHook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Project hook request bodies and responses ({@code /projects/:id/hooks}). */
final class GitLabHookJson {
  /**
   * The event flags of a project hook. Every one is sent on create and update, true or false:
   * GitLab defaults {@code push_events} to true, so a flag left out is not a flag turned off.
   */
  static final List<String> EVENT_FLAGS =
      List.of(
          "push_events",
          "tag_push_events",
          "merge_requests_events",
          "pipeline_events",
          "job_events",
          "deployment_events",
          "releases_events",
          "issues_events",
          "confidential_issues_events",
          "note_events",
          "confidential_note_events",
          "wiki_page_events",
          "feature_flag_events",
          "resource_access_token_events");

  private GitLabHookJson() {}

  /** The first event name GitLab has no flag for, if any. */
  static Optional<String> unknownEvent(HookSpec spec) {
    return spec.events().stream().filter(e -> !EVENT_FLAGS.contains(e)).findFirst();
  }

  /**
   * Body for POST and PUT: url and token always (a PUT that changes the url resets the token, so
   * it is always resent), every flag, SSL verification on.
   */
  static ObjectNode body(HookSpec spec) {
    ObjectNode body = GitLabHttp.MAPPER.createObjectNode();
    body.put("url", spec.url());
    body.put("token", spec.secret().reveal());
    for (String flag : EVENT_FLAGS) body.put(flag, spec.events().contains(flag));
    body.put("enable_ssl_verification", true);
    return body;
  }

  static ProviderHook parse(JsonNode hook) {
    List<String> events = new ArrayList<>();
    for (String flag : EVENT_FLAGS) {
      if (hook.path(flag).asBoolean(false)) events.add(flag);
    }
    return new ProviderHook(
        hook.path("id").asText(),
        hook.path("url").asText(""),
        events,
        true, // GitLab hooks have no on/off switch; its auto-disabling is the health below
        "json",
        health(hook));
  }

  /** {@code alert_status} ({@code executable}, absent before GitLab 15.x, means delivering) and {@code disabled_until}. */
  static HookHealth health(JsonNode hook) {
    String alert = hook.path("alert_status").asText("executable");
    Instant disabledUntil = GitLabTime.parse(hook.path("disabled_until").asText(null));
    if ("disabled".equals(alert)) return new HookHealth(HookHealth.AlertStatus.DISABLED, null, null);
    if ("temporarily_disabled".equals(alert)) {
      return new HookHealth(HookHealth.AlertStatus.TEMPORARILY_DISABLED, disabledUntil, null);
    }
    return HookHealth.EXECUTABLE;
  }
}
