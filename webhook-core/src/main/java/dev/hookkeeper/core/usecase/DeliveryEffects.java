package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.RunRef;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.IncidentStore;
import dev.hookkeeper.core.port.WorkflowRunStore.UpsertOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stores authentic deliveries and applies what they mean, inside the caller's transaction: one
 * delivery or a whole batch of them, with the same outcome as storing them one after the other in
 * list order. Effects are keyed by the run, not by the delivery, so a body replayed under a new
 * delivery id is stored but changes nothing. A batch costs few statements per delivery: one
 * multi-row insert of the deliveries, one hook update and one connections/repository read per
 * repository, one upsert batch of the runs, one append of all notifications at the end.
 */
final class DeliveryEffects {
  private final Ports ports;

  DeliveryEffects(Ports ports) {
    this.ports = ports;
  }

  /**
   * Stores {@code units} and their effects; notifications go to {@code outbox}, to publish after
   * the commit. Must run inside a transaction. Returns each unit's answer, by index.
   */
  List<IngestResult> applyAll(List<IngestUnit> units, Outbox outbox) {
    Instant now = ports.clock().instant();
    Batch batch = new Batch();
    List<Delivery> rows = new ArrayList<>(units.size());
    List<String> notActedOn = new ArrayList<>(units.size());
    for (IngestUnit u : units) {
      Optional<String> why = u.failure() != null
          ? Optional.of(u.failure())
          : ignoredBecause(u.hook(), u.decoded().meaning(), batch);
      ProcessingStatus status = u.failure() != null ? ProcessingStatus.FAILED
          : why.isPresent() ? ProcessingStatus.IGNORED : ProcessingStatus.PROCESSED;
      rows.add(u.delivery().withOutcome(status, u.failure(), IngestDelivery.micros(u.startedNanos()), now));
      notActedOn.add(why.orElse(null));
    }
    boolean[] fresh = ports.deliveries().insertAll(rows);
    markDelivered(rows, fresh);
    activatePending(units, fresh, batch, outbox, now);

    List<UpsertOutcome> runOutcomes = upsertRuns(units, notActedOn, fresh, now);
    List<IngestResult> results = new ArrayList<>(units.size());
    for (int i = 0; i < units.size(); i++) {
      IngestUnit u = units.get(i);
      Delivery stored = rows.get(i);
      if (!fresh[i]) {
        results.add(new IngestResult.Duplicate(stored.deliveryId(), stored.hookId(), stored.repositoryId()));
      } else if (notActedOn.get(i) != null) {
        results.add(new IngestResult.Stored(stored, notActedOn.get(i)));
      } else {
        applyMeaning(u.hook(), u.decoded().meaning(), runOutcomes.get(i), batch, outbox, now);
        results.add(new IngestResult.Processed(stored));
      }
    }
    outbox.appendLater(ports.notifications());
    return results;
  }

  /**
   * Once per hook, to the newest delivery; hooks in id order, so batches lock them alike. The
   * store takes the hook's row lock here whatever the time (see {@code HookStore.markDelivered}):
   * it is what makes a writer's next batch, already inserting, wait for this one's commit before
   * any effect.
   */
  private void markDelivered(List<Delivery> rows, boolean[] fresh) {
    Map<HookId, Instant> newest = new TreeMap<>(Comparator.comparing(HookId::value));
    for (int i = 0; i < rows.size(); i++) {
      if (fresh[i]) newest.merge(rows.get(i).hookId(), rows.get(i).receivedAt(), (a, b) -> a.isAfter(b) ? a : b);
    }
    newest.forEach((hook, at) -> ports.hooks().markDelivered(hook, at));
  }

  /**
   * Any authentic delivery proves that the provider reaches us and that we verify what it sends,
   * so a PENDING hook becomes ACTIVE on the first one, ping or not (GitLab never pings). Once per
   * hook, in id order like {@link #markDelivered}.
   */
  private void activatePending(List<IngestUnit> units, boolean[] fresh, Batch batch, Outbox outbox, Instant now) {
    Map<HookId, RepositoryHook> pending = new TreeMap<>(Comparator.comparing(HookId::value));
    for (int i = 0; i < units.size(); i++) {
      RepositoryHook hook = units.get(i).hook();
      if (fresh[i] && hook.status() == HookStatus.PENDING) pending.putIfAbsent(hook.id(), hook);
    }
    pending.values().forEach(hook -> changeStatus(hook, HookStatus.ACTIVE, null, batch, outbox, now));
  }

  /**
   * Jobs and runs of every fresh, acted-on WorkflowRunChanged, in one upsert batch, before any
   * other effect: runs depend on nothing else in the batch, and the order among them is kept.
   * Returns each unit's run outcome by index ({@code null} for units without a run).
   */
  private List<UpsertOutcome> upsertRuns(List<IngestUnit> units, List<String> notActedOn, boolean[] fresh, Instant now) {
    List<WorkflowRun> runs = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    List<UpsertOutcome> byUnit = new ArrayList<>(Collections.nCopies(units.size(), (UpsertOutcome) null));
    // a state equal to one earlier in the batch is not newer than what that one left: STALE
    // without asking the store (a burst of redeliveries or replays carries the same run many times)
    Set<List<Object>> seen = new HashSet<>();
    for (int i = 0; i < units.size(); i++) {
      if (!fresh[i] || notActedOn.get(i) != null) continue;
      IngestUnit u = units.get(i);
      if (u.decoded().meaning() instanceof DomainEvent.WorkflowRunChanged changed) {
        if (!seen.add(List.of(u.hook().repositoryId(), u.hook().provider(), changed))) {
          byUnit.set(i, UpsertOutcome.STALE);
          continue;
        }
        for (JobResult job : changed.jobs()) ports.runs().upsertJob(u.hook().repositoryId(), job);
        runs.add(new WorkflowRun(u.hook().repositoryId(), u.hook().provider(), changed.run(), now));
        owners.add(i);
      }
    }
    if (runs.isEmpty()) return byUnit;
    List<UpsertOutcome> outcomes = ports.runs().upsertAll(runs);
    if (outcomes.size() != runs.size()) {
      throw new IllegalStateException("run store answered " + outcomes.size() + " outcomes for " + runs.size() + " runs");
    }
    for (int k = 0; k < owners.size(); k++) byUnit.set(owners.get(k), outcomes.get(k));
    return byUnit;
  }

  /** Why nothing will be done with this delivery, if so. */
  private Optional<String> ignoredBecause(RepositoryHook hook, DomainEvent meaning, Batch batch) {
    if (meaning instanceof DomainEvent.UnknownEvent unknown) {
      return Optional.of("event '" + unknown.event() + "' is stored but not acted on");
    }
    if (meaning instanceof DomainEvent.WorkflowRunChanged && batch.enabledConnections(hook.repositoryId()).isEmpty()) {
      return Optional.of("no enabled connection subscribes to this repository");
    }
    return Optional.empty();
  }

  private void applyMeaning(RepositoryHook hook, DomainEvent meaning, UpsertOutcome runOutcome, Batch batch,
      Outbox outbox, Instant now) {
    if (meaning instanceof DomainEvent.WorkflowRunChanged run) {
      if (runOutcome.applied()) applyRun(hook, run.run(), batch, outbox, now);
    } else if (meaning instanceof DomainEvent.WorkflowJobChanged job) {
      ports.runs().upsertJob(hook.repositoryId(), job.job());
    } else if (meaning instanceof DomainEvent.Ping) {
      // a PENDING hook was activated with the batch; a ping also revives one the provider disabled
      if (hook.status() == HookStatus.INACTIVE) changeStatus(hook, HookStatus.ACTIVE, null, batch, outbox, now);
    } else if (meaning instanceof DomainEvent.HookDeleted) {
      changeStatus(hook, HookStatus.INACTIVE, FailureReason.HOOK_DELETED_BY_PROVIDER, batch, outbox, now);
    } else if (meaning instanceof DomainEvent.RepositoryRenamed renamed) {
      ports.repositories().rename(hook.repositoryId(), renamed.newFullName());
      batch.forgetRepository(hook.repositoryId());
    } else if (meaning instanceof DomainEvent.PullRequestChanged
        || meaning instanceof DomainEvent.Pushed
        || meaning instanceof DomainEvent.CheckRunCompleted
        || meaning instanceof DomainEvent.UnknownEvent) {
      // Stored in the delivery log; nothing else acts on these yet.
    } else {
      throw new AssertionError(meaning);
    }
  }

  private void applyRun(RepositoryHook hook, RunSnapshot run, Batch batch, Outbox outbox, Instant now) {
    Repository repo = batch.repository(hook.repositoryId());
    for (Connection c : batch.enabledConnections(hook.repositoryId())) {
      outbox.addLater(c.userId(), NotificationType.WORKFLOW_RUN_UPDATED, runData(c, repo, run), now);
      if (run.isCompletedFailure()) {
        ports.incidents().recordFailureAndGetOpened(new IncidentStore.NewFailure(
                new IncidentId(ports.ids().newId("inc")), c.userId(), c.id(), repo.id(), run.workflowKey(),
                run.workflowName(), run.branch(), IncidentOccurrence.of(run, now), now))
            .ifPresent(opened -> outbox.addLater(c.userId(), NotificationType.INCIDENT_OPENED,
                incidentData(c, repo, opened, run.url()), now));
      } else if (run.isCompletedSuccess()) {
        ports.incidents().resolve(c.id(), run.workflowKey(), run.branch(), RunRef.of(run), now)
            .ifPresent(resolved -> outbox.addLater(c.userId(), NotificationType.INCIDENT_RESOLVED,
                incidentData(c, repo, resolved, run.url()), now));
      }
    }
  }

  private void changeStatus(RepositoryHook hook, HookStatus status, FailureReason reason, Batch batch, Outbox outbox,
      Instant now) {
    if (!ports.hooks().updateStatus(hook.id(), status, reason, null, now)) return;
    Repository repo = batch.repository(hook.repositoryId());
    RepositoryHook changed = hook.withStatus(status, reason, null, now);
    for (Connection c : batch.connections(hook.repositoryId())) {
      outbox.addLater(c.userId(), NotificationType.WEBHOOK_STATUS_CHANGED,
          HookProvisioner.statusData(c, repo, changed), now);
    }
  }

  /** What a batch reads once per repository, not once per delivery. */
  private final class Batch {
    private final Map<RepositoryId, List<Connection>> connections = new HashMap<>();
    private final Map<RepositoryId, Repository> repositories = new HashMap<>();

    /** Every connection to the repository, in lock order. */
    List<Connection> connections(RepositoryId id) {
      return connections.computeIfAbsent(id, r -> Outbox.inLockOrder(ports.connections().listByRepository(r)));
    }

    List<Connection> enabledConnections(RepositoryId id) {
      return connections(id).stream().filter(Connection::enabled).toList();
    }

    Repository repository(RepositoryId id) {
      return repositories.computeIfAbsent(id, r -> ports.repositories().find(r).orElseThrow());
    }

    /** After a rename inside the batch, later deliveries must see the new name. */
    void forgetRepository(RepositoryId id) {
      repositories.remove(id);
    }
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
