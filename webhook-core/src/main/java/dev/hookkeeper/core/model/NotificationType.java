package dev.hookkeeper.core.model;

/** Kinds of live notification; {@link #wireName()} is the SSE {@code event:} name. */
public enum NotificationType {
  INCIDENT_OPENED("incident.opened"),
  INCIDENT_RESOLVED("incident.resolved"),
  WORKFLOW_RUN_UPDATED("workflow_run.updated"),
  WEBHOOK_STATUS_CHANGED("webhook.status_changed");

  private final String wireName;

  NotificationType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
