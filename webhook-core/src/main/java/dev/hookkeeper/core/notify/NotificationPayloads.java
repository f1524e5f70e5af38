package dev.hookkeeper.core.notify;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RunSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/** The data each kind of notification carries, in one place so that every producer agrees. */
public final class NotificationPayloads {
  private NotificationPayloads() {}

  /** {@code webhook.status_changed}: the hook's status as one connected user sees it. */
  public static Map<String, Object> hookStatus(Connection c, Repository repo, RepositoryHook hook) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("connection_id", c.id().value());
    data.put("repository", repo.fullName());
    data.put("webhook_status", hook.status().wireName());
    data.put("reason", hook.failureReason() == null ? null : hook.failureReason().code());
    return data;
  }

  /** {@code webhook.repaired}: what the reconciler did to the hook, and its status now. */
  public static Map<String, Object> repaired(
      Connection c, Repository repo, RepositoryHook hook, HookEvent event) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("connection_id", c.id().value());
    data.put("repository", repo.fullName());
    data.put("kind", event.kind().wireName());
    data.put("detail", event.detail());
    data.put("webhook_status", hook.status().wireName());
    return data;
  }

  /** {@code webhook.degraded}: the hook works no more as it should, and why. */
  public static Map<String, Object> degraded(
      Connection c, Repository repo, FailureReason reason, String detail) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("connection_id", c.id().value());
    data.put("repository", repo.fullName());
    data.put("webhook_status", HookStatus.DEGRADED.wireName());
    data.put("reason", reason.code());
    data.put("detail", detail);
    return data;
  }

  /** {@code deliveries.recovered}: how many missed deliveries came back, and how. */
  public static Map<String, Object> recovered(
      Connection c, Repository repo, int redelivered, int caughtUp) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("connection_id", c.id().value());
    data.put("repository", repo.fullName());
    data.put("redelivered", redelivered);
    data.put("caught_up", caughtUp);
    return data;
  }

  /** {@code connection.ended}: the connection is gone without the user asking, and why. */
  public static Map<String, Object> connectionEnded(Connection c, Repository repo, String reason) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("connection_id", c.id().value());
    data.put("repository", repo.fullName());
    data.put("reason", reason);
    return data;
  }

  /** {@code workflow_run.updated}. */
  public static Map<String, Object> run(Connection c, Repository repo, RunSnapshot run) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("connection_id", c.id().value());
    data.put("repository", repo.fullName());
    data.put("run_id", run.providerRunId());
    data.put("attempt", run.attempt());
    data.put("workflow", run.workflowName());
    data.put("branch", run.branch());
    data.put("status", run.status().wireName());
    data.put("conclusion", run.conclusion().wireName());
    data.put("url", run.url());
    return data;
  }

  /** {@code incident.opened} and {@code incident.resolved}. */
  public static Map<String, Object> incident(
      Connection c, Repository repo, Incident incident, String runUrl) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("incident_id", incident.id().value());
    data.put("connection_id", c.id().value());
    data.put("repository", repo.fullName());
    data.put("workflow", incident.workflowName());
    data.put("branch", incident.branch());
    data.put("status", incident.status().wireName());
    data.put("occurrences", incident.occurrences().size());
    data.put("run_url", runUrl);
    return data;
  }
}
