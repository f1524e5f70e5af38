package dev.hookkeeper.gitlab.simulator;

import java.util.List;
import java.util.Map;

/**
 * GitLab's project hook event flags, the {@code X-Gitlab-Event} each delivers, and the trigger name
 * the hook events API shows (docs: project_webhooks.md, webhook_events.md). Kept apart from the
 * adapter's own list on purpose: the simulator states what GitLab does, not what the client sends.
 */
final class SimEventNames {
  /** Every event flag of a project hook, in the order GitLab's API lists them. */
  static final List<String> FLAGS =
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

  private static final Map<String, String> HEADER_BY_FLAG = Map.ofEntries(
      Map.entry("push_events", "Push Hook"),
      Map.entry("tag_push_events", "Tag Push Hook"),
      Map.entry("merge_requests_events", "Merge Request Hook"),
      Map.entry("pipeline_events", "Pipeline Hook"),
      Map.entry("job_events", "Job Hook"),
      Map.entry("deployment_events", "Deployment Hook"),
      Map.entry("releases_events", "Release Hook"),
      Map.entry("issues_events", "Issue Hook"),
      Map.entry("confidential_issues_events", "Confidential Issue Hook"),
      Map.entry("note_events", "Note Hook"),
      Map.entry("confidential_note_events", "Confidential Note Hook"),
      Map.entry("wiki_page_events", "Wiki Page Hook"),
      Map.entry("feature_flag_events", "Feature Flag Hook"),
      Map.entry("resource_access_token_events", "Resource Access Token Hook"));

  private SimEventNames() {}

  /** The flag that subscribes to {@code header}; {@code null} for an event no project hook gets. */
  static String flagFor(String header) {
    if ("Build Hook".equals(header)) return "job_events"; // what GitLab called the Job Hook before
    for (Map.Entry<String, String> e : HEADER_BY_FLAG.entrySet()) {
      if (e.getValue().equals(header)) return e.getKey();
    }
    return null;
  }

  static String headerFor(String flag) {
    return HEADER_BY_FLAG.get(flag);
  }

  /** {@code push_events} → {@code push_hooks}, as the hook events API names triggers. */
  static String triggerFor(String flag) {
    return flag == null ? "unknown" : flag.replace("_events", "_hooks").replace("merge_requests", "merge_request");
  }
}
