package dev.hookkeeper.app.http;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Provider;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The only values a metric label may take. Every label fed by a request is looked up in a fixed
 * list, so no sender can add a series: a Prometheus series is never evicted, and an invented event
 * name per request grew {@code /metrics} by a megabyte per 10 000 requests.
 */
final class MetricLabels {
  static final String OTHER = "other";
  static final String NONE = "none";

  /** Events a GitHub repository webhook can deliver ({@code X-GitHub-Event}), from GitHub's list. */
  private static final Set<String> GITHUB_EVENTS = Set.of(
      "branch_protection_configuration", "branch_protection_rule", "check_run", "check_suite",
      "code_scanning_alert", "commit_comment", "create", "custom_property_values", "delete",
      "dependabot_alert", "deploy_key", "deployment", "deployment_protection_rule", "deployment_review",
      "deployment_status", "discussion", "discussion_comment", "fork", "gollum", "issue_comment", "issues",
      "label", "member", "merge_group", "meta", "milestone", "package", "page_build", "ping", "project",
      "project_card", "project_column", "public", "pull_request", "pull_request_review",
      "pull_request_review_comment", "pull_request_review_thread", "push", "registry_package", "release",
      "repository", "repository_advisory", "repository_dispatch", "repository_import", "repository_ruleset",
      "repository_vulnerability_alert", "secret_scanning_alert", "secret_scanning_alert_location",
      "secret_scanning_scan", "security_and_analysis", "star", "status", "team_add", "watch",
      "workflow_dispatch", "workflow_job", "workflow_run");

  /** {@code X-Gitlab-Event} values a project hook sends (Build Hook is the old name of Job Hook). */
  private static final Set<String> GITLAB_EVENTS = Set.of(
      "Push Hook", "Tag Push Hook", "Merge Request Hook", "Pipeline Hook", "Job Hook", "Build Hook",
      "Deployment Hook", "Release Hook", "Issue Hook", "Confidential Issue Hook", "Note Hook",
      "Confidential Note Hook", "Wiki Page Hook", "Feature Flag Hook", "Resource Access Token Hook",
      "Emoji Hook", "Member Hook", "Project Hook", "Milestone Hook", "Vulnerability Hook");

  private static final Map<Provider, Set<String>> EVENTS =
      Map.of(Provider.GITHUB, GITHUB_EVENTS, Provider.GITLAB, GITLAB_EVENTS);

  /** Ingest outcomes as {@code IngestRoutes} names them, plus every stored delivery status. */
  private static final Set<String> INGEST_OUTCOMES = ingestOutcomes();

  /** A hook's status, or the reason it failed. */
  private static final Set<String> HOOK_OUTCOMES = hookOutcomes();

  private MetricLabels() {}

  /** The event label: a known event name of that provider, {@code none} or {@code other}. */
  static String event(Provider provider, String header) {
    if (header == null || header.isEmpty()) return NONE;
    return EVENTS.get(provider).contains(header) ? header : OTHER;
  }

  static String ingestOutcome(String outcome) {
    return INGEST_OUTCOMES.contains(outcome) ? outcome : OTHER;
  }

  static String hookOutcome(String outcome) {
    return HOOK_OUTCOMES.contains(outcome) ? outcome : OTHER;
  }

  private static Set<String> ingestOutcomes() {
    Set<String> outcomes = new HashSet<>(Set.of("processed", "duplicate", "missing_header", "unauthenticated",
        "throttled", "unavailable", "too_large", "too_slow", "unreadable_body", "unsupported_media_type", "over_body_budget",
        "unknown"));
    for (ProcessingStatus s : ProcessingStatus.values()) outcomes.add(s.wireName());
    return Set.copyOf(outcomes);
  }

  private static Set<String> hookOutcomes() {
    Set<String> outcomes = new HashSet<>();
    for (HookStatus s : HookStatus.values()) outcomes.add(s.wireName());
    for (FailureReason r : FailureReason.values()) outcomes.add(r.code());
    return Set.copyOf(outcomes);
  }
}
