package dev.hookkeeper.app.http;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.DeliveryProcessing;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ReconcileState;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunRef;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.usecase.ConnectionDetails;
import dev.hookkeeper.core.usecase.HookStatusView;
import dev.hookkeeper.core.usecase.IncidentDetails;
import dev.hookkeeper.core.usecase.ReconcileReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The API's wire shapes. Components are camelCase and serialise as snake_case (see {@link Json}).
 * Ids are the opaque strings of the core; times are ISO-8601 UTC strings; a secret never has a
 * field here.
 */
final class Wire {
  private Wire() {}

  record ListJson<T>(List<T> items, String nextCursor) {
    static <S, T> ListJson<T> of(Page<S> page, Function<S, T> mapping) {
      return new ListJson<>(page.items().stream().map(mapping).toList(), page.nextCursor());
    }
  }

  record UserJson(String id, String name, String apiToken) {}

  record ProviderTokenJson(String provider, String login, List<String> scopes) {}

  record ApiTokenJson(String id, String apiToken) {}

  record TokenDeletedJson(
      boolean success,
      String provider,
      List<String> handedOver,
      List<String> disconnected,
      List<String> pendingWebhookDeletions) {}

  record AbandonedWebhookJson(
      String provider, String repositoryFullName, String webhookId, String lastError) {}

  record UserDeletedJson(
      boolean success,
      String id,
      List<String> disconnected,
      List<String> webhooksDeleted,
      List<AbandonedWebhookJson> abandonedWebhooks) {}

  record WebhookErrorJson(String reason, String message) {}

  record RepositoryJson(
      String id,
      String provider,
      String repositoryFullName,
      String webhookStatus,
      List<String> webhookEvents,
      String webhookCreatedAt,
      WebhookErrorJson webhookError) {
    static RepositoryJson of(ConnectionDetails d) {
      RepositoryHook hook = d.hook();
      WebhookErrorJson error = null;
      if (hook.status() != HookStatus.ACTIVE
          && hook.status() != HookStatus.PENDING
          && hook.failureReason() != null) {
        error =
            new WebhookErrorJson(
                hook.failureReason().code(),
                hook.failureMessage() == null
                    ? hook.failureReason().code()
                    : hook.failureMessage());
      }
      return new RepositoryJson(
          d.connection().id().value(),
          d.repository().provider().id(),
          d.repository().fullName(),
          hook.status().wireName(),
          hook.events(),
          time(hook.createdAt()),
          error);
    }
  }

  record ConnectJson(boolean success, RepositoryJson repository) {}

  record DisconnectJson(boolean success, String message, boolean webhookDeleted) {}

  record WebhookStatusJson(
      String webhookId,
      String status,
      WebhookErrorJson reason,
      List<String> events,
      String lastDeliveryAt,
      long totalDeliveries,
      long pendingDeliveries,
      long failedDeliveries,
      long rejectedDeliveries,
      int secretVersion,
      String secretRotatedAt,
      ReconcileStateJson reconcile) {
    static WebhookStatusJson of(HookStatusView v) {
      RepositoryHook h = v.hook();
      Instant last =
          v.stats().lastDeliveryAt() != null ? v.stats().lastDeliveryAt() : h.lastDeliveryAt();
      WebhookErrorJson reason =
          h.failureReason() == null
              ? null
              : new WebhookErrorJson(
                  h.failureReason().code(),
                  h.failureMessage() == null ? h.failureReason().code() : h.failureMessage());
      return new WebhookStatusJson(
          h.providerHookId(),
          h.status().wireName(),
          reason,
          h.events(),
          time(last),
          v.stats().total(),
          v.stats().pending(),
          v.stats().failed(),
          v.stats().rejected(),
          h.secretVersion(),
          time(h.secretSetAt()),
          ReconcileStateJson.of(v.reconcile()));
    }
  }

  /**
   * Where a hook stands with the reconciler; {@code last_error} when its last reconcile stopped
   * early.
   */
  record ReconcileStateJson(
      String lastReconciledAt,
      String nextReconcileAt,
      String recoveredUntil,
      int consecutiveFailures,
      WebhookErrorJson lastError) {
    static ReconcileStateJson of(ReconcileState s) {
      if (s == null) return null;
      ProviderFailure e = s.lastError();
      return new ReconcileStateJson(
          time(s.lastReconciledAt()),
          time(s.nextAt()),
          time(s.recoveredUntil()),
          s.failures(),
          e == null ? null : new WebhookErrorJson(e.reason().code(), e.message()));
    }
  }

  record FindingJson(String kind, String detail) {}

  record HookEventJson(String at, String kind, String detail) {
    static HookEventJson of(HookEvent e) {
      return new HookEventJson(time(e.at()), e.kind().wireName(), e.detail());
    }
  }

  /** What a reconcile found and did. */
  record ReconcileJson(
      String outcome,
      String webhookStatus,
      List<FindingJson> found,
      List<HookEventJson> did,
      int redelivered,
      int caughtUp,
      String nextReconcileAt,
      WebhookErrorJson error) {
    static ReconcileJson of(ReconcileReport r) {
      ProviderFailure e = r.error();
      return new ReconcileJson(
          r.outcome().wireName(),
          r.status() == null ? null : r.status().wireName(),
          r.found().stream().map(f -> new FindingJson(f.kind().wireName(), f.detail())).toList(),
          r.did().stream().map(HookEventJson::of).toList(),
          r.redelivered(),
          r.caughtUp(),
          time(r.nextAt()),
          e == null ? null : new WebhookErrorJson(e.reason().code(), e.message()));
    }
  }

  record SecretRotatedJson(
      boolean success, int secretVersion, String previousSecretAcceptedUntil) {}

  record DeliveryJson(
      String deliveryId,
      String event,
      String action,
      String status,
      String source,
      boolean signatureValid,
      String signatureReason,
      String error,
      int attempts,
      String receivedAt,
      String processedAt,
      String replayedAt,
      int replays) {
    static DeliveryJson of(DeliveryEntry e) {
      DeliveryProcessing p = e.processing();
      return new DeliveryJson(
          e.deliveryId(),
          e.event(),
          e.action(),
          p.status().wireName(),
          e.source().wireName(),
          e.signatureValid(),
          e.signatureReason(),
          p.error(),
          p.attempts(),
          time(e.receivedAt()),
          time(p.processedAt()),
          time(p.replayedAt()),
          p.replays());
    }
  }

  /** One delivery with its headers (credentials already redacted by the core) and raw body. */
  record DeliveryDetailJson(
      String deliveryId,
      String event,
      String action,
      String status,
      String source,
      String error,
      int attempts,
      String receivedAt,
      String processedAt,
      String replayedAt,
      int replays,
      Map<String, List<String>> headers,
      String body,
      boolean bodyPurged) {
    static DeliveryDetailJson of(Delivery d) {
      DeliveryProcessing p = d.processing();
      return new DeliveryDetailJson(
          d.deliveryId(),
          d.event(),
          d.action(),
          p.status().wireName(),
          d.source().wireName(),
          p.error(),
          p.attempts(),
          time(d.receivedAt()),
          time(p.processedAt()),
          time(p.replayedAt()),
          p.replays(),
          d.headers().withoutCredentials().asMap(),
          d.bodyPurged() ? null : new String(d.body(), StandardCharsets.UTF_8),
          d.bodyPurged());
    }
  }

  record RunRefJson(long runId, int attempt, long runNumber, String url) {
    static RunRefJson of(RunRef ref) {
      return ref == null
          ? null
          : new RunRefJson(ref.providerRunId(), ref.attempt(), ref.runNumber(), ref.url());
    }
  }

  record OccurrenceJson(
      long runId,
      int attempt,
      long runNumber,
      String sha,
      String url,
      String conclusion,
      String occurredAt) {
    static OccurrenceJson of(IncidentOccurrence o) {
      return new OccurrenceJson(
          o.providerRunId(),
          o.attempt(),
          o.runNumber(),
          o.sha(),
          o.url(),
          o.conclusion().wireName(),
          time(o.occurredAt()));
    }
  }

  record IncidentJson(
      String id,
      String repositoryId,
      String status,
      String workflow,
      String workflowName,
      String branch,
      String runUrl,
      int occurrenceCount,
      List<OccurrenceJson> occurrences,
      String openedAt,
      String resolvedAt,
      RunRefJson resolvedBy) {
    static IncidentJson of(Incident i) {
      List<IncidentOccurrence> occ = i.occurrences();
      return new IncidentJson(
          i.id().value(),
          i.connectionId().value(),
          i.status().wireName(),
          i.workflowKey(),
          i.workflowName(),
          i.branch(),
          occ.isEmpty() ? null : occ.get(occ.size() - 1).url(),
          occ.size(),
          occ.stream().map(OccurrenceJson::of).toList(),
          time(i.openedAt()),
          time(i.resolvedAt()),
          RunRefJson.of(i.resolvedBy()));
    }
  }

  record FailedJobJson(
      long jobId,
      String name,
      String conclusion,
      String failureReason,
      List<String> failedSteps,
      String url,
      String completedAt) {
    static FailedJobJson of(JobResult j) {
      return new FailedJobJson(
          j.jobId(),
          j.name(),
          j.conclusion().wireName(),
          j.failureReason(),
          j.failedSteps(),
          j.url(),
          time(j.completedAt()));
    }
  }

  record IncidentDetailJson(
      String id,
      String repositoryId,
      String repositoryFullName,
      String provider,
      String status,
      String workflow,
      String workflowName,
      String branch,
      String runUrl,
      int occurrenceCount,
      List<OccurrenceJson> occurrences,
      List<FailedJobJson> failedJobs,
      String openedAt,
      String resolvedAt,
      RunRefJson resolvedBy) {
    static IncidentDetailJson of(IncidentDetails d) {
      IncidentJson i = IncidentJson.of(d.incident());
      return new IncidentDetailJson(
          i.id(),
          i.repositoryId(),
          d.repository().fullName(),
          d.repository().provider().id(),
          i.status(),
          i.workflow(),
          i.workflowName(),
          i.branch(),
          i.runUrl(),
          i.occurrenceCount(),
          i.occurrences(),
          d.failedJobs().stream().map(FailedJobJson::of).toList(),
          i.openedAt(),
          i.resolvedAt(),
          i.resolvedBy());
    }
  }

  record WorkflowRunJson(
      long runId,
      int attempt,
      String workflow,
      String workflowName,
      long runNumber,
      String branch,
      String sha,
      String status,
      String conclusion,
      String url,
      String event,
      String createdAt,
      String updatedAt) {
    static WorkflowRunJson of(WorkflowRun run) {
      RunSnapshot s = run.snapshot();
      return new WorkflowRunJson(
          s.providerRunId(),
          s.attempt(),
          s.workflowKey(),
          s.workflowName(),
          s.runNumber(),
          s.branch(),
          s.sha(),
          s.status().wireName(),
          s.conclusion() == RunConclusion.NONE ? null : s.conclusion().wireName(),
          s.url(),
          s.triggerEvent(),
          time(s.runCreatedAt()),
          time(s.updatedAt()));
    }
  }

  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static double millis(long micros) {
    return micros / 1000.0;
  }
}
