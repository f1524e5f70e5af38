package dev.hookkeeper.gitlab;

import java.util.Map;

/** {@code X-Gitlab-Event} values, the hook flag that subscribes to each, and the events-API trigger. */
final class GitLabEventNames {
  private static final Map<String, String> FLAG_BY_HEADER = Map.ofEntries(
      Map.entry("Push Hook", "push_events"),
      Map.entry("Tag Push Hook", "tag_push_events"),
      Map.entry("Merge Request Hook", "merge_requests_events"),
      Map.entry("Pipeline Hook", "pipeline_events"),
      Map.entry("Job Hook", "job_events"),
      Map.entry("Build Hook", "job_events"),
      Map.entry("Deployment Hook", "deployment_events"),
      Map.entry("Release Hook", "releases_events"),
      Map.entry("Issue Hook", "issues_events"),
      Map.entry("Confidential Issue Hook", "confidential_issues_events"),
      Map.entry("Note Hook", "note_events"),
      Map.entry("Confidential Note Hook", "confidential_note_events"),
      Map.entry("Wiki Page Hook", "wiki_page_events"),
      Map.entry("Feature Flag Hook", "feature_flag_events"),
      Map.entry("Resource Access Token Hook", "resource_access_token_events"));

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

  private GitLabEventNames() {}

  /** The hook flag for an event header, or {@code null} for one no project hook subscribes to. */
  static String flagFor(String header) {
    return FLAG_BY_HEADER.get(header);
  }

  static String headerFor(String flag) {
    return HEADER_BY_FLAG.get(flag);
  }

  /** {@code push_events} → {@code push_hooks}, as the hook events API names triggers. */
  static String triggerFor(String flag) {
    return flag == null ? "unknown" : flag.replace("_events", "_hooks").replace("merge_requests", "merge_request");
  }
}
