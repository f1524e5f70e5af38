package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RunRef;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.IncidentStore;
import dev.hookkeeper.core.port.WorkflowRunStore.UpsertOutcome;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores an authentic, decoded delivery and applies what it means, in one transaction. Effects
 * are keyed by the run, not by the delivery, so a body replayed under a new delivery id is stored
 * but changes nothing.
 */
final class DeliveryEffects {
  private final Ports ports;

  DeliveryEffects(Ports ports) {
    this.ports = ports;
  }

  IngestResult apply(Delivery delivery, RepositoryHook hook, DecodedEvent decoded, long startedNanos) {
    Outbox outbox = new Outbox();
    IngestResult result = ports.tx().inTransaction(() -> {
      Instant now = ports.clock().instant();
      Optional<String> ignored = ignoredBecause(hook, decoded.meaning());
      Delivery stored = delivery.withOutcome(
          ignored.isPresent() ? ProcessingStatus.IGNORED : ProcessingStatus.PROCESSED,
          null, IngestDelivery.micros(startedNanos), now);
      if (!ports.deliveries().insert(stored)) {
        return new IngestResult.Duplicate(delivery.deliveryId(), delivery.hookId(), delivery.repositoryId());
      }
      ports.hooks().markDelivered(hook.id(), delivery.receivedAt());
      if (ignored.isPresent()) return new IngestResult.Stored(stored, ignored.get());
      applyMeaning(hook, decoded.meaning(), outbox, now);
      return new IngestResult.Processed(stored);
    });
    outbox.publishAfterCommit(ports.notifier());
    return result;
  }

  /** Why nothing will be done with this delivery, if so. */
  private Optional<String> ignoredBecause(RepositoryHook hook, DomainEvent meaning) {
    if (meaning instanceof DomainEvent.UnknownEvent unknown) {
      return Optional.of("event '" + unknown.event() + "' is stored but not acted on");
    }
    if (meaning instanceof DomainEvent.WorkflowRunChanged && enabledConnections(hook).isEmpty()) {
      return Optional.of("no enabled connection subscribes to this repository");
    }
    return Optional.empty();
  }

  private void applyMeaning(RepositoryHook hook, DomainEvent meaning, Outbox outbox, Instant now) {
    if (meaning instanceof DomainEvent.WorkflowRunChanged run) {
      applyRun(hook, run, outbox, now);
    } else if (meaning instanceof DomainEvent.WorkflowJobChanged job) {
      ports.runs().upsertJob(hook.repositoryId(), job.job());
    } else if (meaning instanceof DomainEvent.Ping) {
      if (hook.status() == HookStatus.PENDING || hook.status() == HookStatus.INACTIVE) {
        changeStatus(hook, HookStatus.ACTIVE, null, outbox, now);
      }
    } else if (meaning instanceof DomainEvent.HookDeleted) {
      changeStatus(hook, HookStatus.INACTIVE, FailureReason.HOOK_DELETED_BY_PROVIDER, outbox, now);
    } else if (meaning instanceof DomainEvent.RepositoryRenamed renamed) {
      ports.repositories().rename(hook.repositoryId(), renamed.newFullName());
    } else if (meaning instanceof DomainEvent.PullRequestChanged
        || meaning instanceof DomainEvent.Pushed
        || meaning instanceof DomainEvent.CheckRunCompleted
        || meaning instanceof DomainEvent.UnknownEvent) {
      // Stored in the delivery log; nothing else acts on these yet.
    } else {
      throw new AssertionError(meaning);
    }
  }

  private void applyRun(RepositoryHook hook, DomainEvent.WorkflowRunChanged changed, Outbox outbox, Instant now) {
    RunSnapshot run = changed.run();
    for (JobResult job : changed.jobs()) ports.runs().upsertJob(hook.repositoryId(), job);
    UpsertOutcome outcome = ports.runs().upsert(new WorkflowRun(hook.repositoryId(), hook.provider(), run, now));
    if (!outcome.applied()) return;

    Repository repo = ports.repositories().find(hook.repositoryId()).orElseThrow();
    for (Connection c : enabledConnections(hook)) {
      outbox.add(ports.notifications(), c.userId(), NotificationType.WORKFLOW_RUN_UPDATED, runData(c, repo, run), now);
      if (run.isCompletedFailure()) {
        IncidentStore.FailureRecorded recorded = ports.incidents().recordFailure(new IncidentStore.NewFailure(
            new IncidentId(ports.ids().newId("inc")), c.userId(), c.id(), repo.id(), run.workflowKey(),
            run.workflowName(), run.branch(), IncidentOccurrence.of(run, now), now));
        if (recorded.outcome() == IncidentStore.Outcome.OPENED) {
          outbox.add(ports.notifications(), c.userId(), NotificationType.INCIDENT_OPENED,
              incidentData(c, repo, recorded.incident(), run.url()), now);
        }
      } else if (run.isCompletedSuccess()) {
        ports.incidents().resolve(c.id(), run.workflowKey(), run.branch(), RunRef.of(run), now)
            .ifPresent(resolved -> outbox.add(ports.notifications(), c.userId(), NotificationType.INCIDENT_RESOLVED,
                incidentData(c, repo, resolved, run.url()), now));
      }
    }
  }

  private void changeStatus(RepositoryHook hook, HookStatus status, FailureReason reason, Outbox outbox, Instant now) {
    if (!ports.hooks().updateStatus(hook.id(), status, reason, null, now)) return;
    Repository repo = ports.repositories().find(hook.repositoryId()).orElseThrow();
    RepositoryHook changed = hook.withStatus(status, reason, null, now);
    for (Connection c : Outbox.inLockOrder(ports.connections().listByRepository(hook.repositoryId()))) {
      outbox.add(ports.notifications(), c.userId(), NotificationType.WEBHOOK_STATUS_CHANGED,
          HookProvisioner.statusData(c, repo, changed), now);
    }
  }

  private List<Connection> enabledConnections(RepositoryHook hook) {
    return Outbox.inLockOrder(ports.connections().listByRepository(hook.repositoryId())).stream()
        .filter(Connection::enabled)
        .toList();
  }

  private static Map<String, Object> runData(Connection c, Repository repo, RunSnapshot run) {
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

  private static Map<String, Object> incidentData(Connection c, Repository repo, Incident incident, String runUrl) {
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
