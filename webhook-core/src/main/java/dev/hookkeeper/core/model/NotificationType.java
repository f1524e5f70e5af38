package dev.hookkeeper.core.model;

/** Kinds of live notification; {@link #wireName()} is the SSE {@code event:} name. */
public enum NotificationType {
  INCIDENT_OPENED("incident.opened"),
  INCIDENT_RESOLVED("incident.resolved"),
  WORKFLOW_RUN_UPDATED("workflow_run.updated"),
  WEBHOOK_STATUS_CHANGED("webhook.status_changed"),
  /**
   * The reconciler repaired the hook (recreated, re-enabled, updated, handed over, a secret
   * rotated).
   */
  WEBHOOK_REPAIRED("webhook.repaired"),
  /** The hook works no more as it should and the reconciler could not repair it (yet). */
  WEBHOOK_DEGRADED("webhook.degraded"),
  /** Deliveries missed while the hook or the server was down were recovered. */
  DELIVERIES_RECOVERED("deliveries.recovered"),
  /** The connection ended without the user asking (its repository was deleted at the provider). */
  CONNECTION_ENDED("connection.ended");

  private final String wireName;

  NotificationType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
