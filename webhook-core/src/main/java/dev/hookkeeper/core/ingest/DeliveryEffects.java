package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.DeliverySource;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookEventKind;
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
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.notify.NotificationPayloads;
import dev.hookkeeper.core.notify.Outbox;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.HookEventLog;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.IdGenerator;
import dev.hookkeeper.core.port.IncidentStore;
import dev.hookkeeper.core.port.NotificationStore;
import dev.hookkeeper.core.port.ReconcileSchedule;
import dev.hookkeeper.core.port.RepositoryStore;
import dev.hookkeeper.core.port.WorkflowRunStore;
import dev.hookkeeper.core.port.WorkflowRunStore.UpsertOutcome;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Applies what stored deliveries mean, inside the caller's transaction: one delivery or a batch,
 * with the same outcome as applying them one after the other in list order. Applying a delivery
 * again changes nothing: run state never goes backwards (a state already recorded is stale), an
 * occurrence is keyed by run and attempt, a status that is already set is not set (nor announced)
 * again. So a replay, a retry after a crash or a body redelivered under a new id has no second
 * effect. A batch costs few statements per delivery: one hook update and one connections and
 * repository read per repository, one upsert batch of the runs, one call for the failures between
 * two successes, one append of all notifications.
 */
public final class DeliveryEffects {
  private final RepositoryStore repositories;
  private final HookStore hooks;
  private final ConnectionStore connections;
  private final WorkflowRunStore runs;
  private final IncidentStore incidents;
  private final NotificationStore notifications;
  private final HookEventLog hookEvents;
  private final ReconcileSchedule reconcileSchedule;
  private final IdGenerator ids;
  private final InstantSource clock;

  public DeliveryEffects(
      RepositoryStore repositories,
      HookStore hooks,
      ConnectionStore connections,
      WorkflowRunStore runs,
      IncidentStore incidents,
      NotificationStore notifications,
      HookEventLog hookEvents,
      ReconcileSchedule reconcileSchedule,
      IdGenerator ids,
      InstantSource clock) {
    this.repositories = Objects.requireNonNull(repositories, "repositories == null");
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.runs = Objects.requireNonNull(runs, "runs == null");
    this.incidents = Objects.requireNonNull(incidents, "incidents == null");
    this.notifications = Objects.requireNonNull(notifications, "notifications == null");
    this.hookEvents = Objects.requireNonNull(hookEvents, "hookEvents == null");
    this.reconcileSchedule = Objects.requireNonNull(reconcileSchedule, "reconcileSchedule == null");
    this.ids = Objects.requireNonNull(ids, "ids == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Applies {@code units}; notifications go to {@code outbox}, the ids of hooks whose row changed
   * to {@code changedHooks}. Returns each unit's outcome by index.
   */
  List<Outcome> applyAll(List<ProcessingUnit> units, Outbox outbox, Set<HookId> changedHooks) {
    return applyAll(units, outbox, changedHooks, new HashSet<>());
  }

  /**
   * As {@link #applyAll(List, Outbox, Set)}; the ids of hooks to reconcile at once (the provider
   * says it deleted one, a payload names the repository by another path) go to {@code toReconcile},
   * already marked due in the schedule inside the caller's transaction.
   */
  List<Outcome> applyAll(
      List<ProcessingUnit> units,
      Outbox outbox,
      Set<HookId> changedHooks,
      Set<HookId> toReconcile) {
    Instant now = clock.instant();
    Batch batch = new Batch(outbox, changedHooks, toReconcile);
    List<String> notActedOn = new ArrayList<>(units.size());
    for (ProcessingUnit u : units)
      notActedOn.add(u.failure() != null ? u.failure() : ignoredBecause(u, batch));
    markDelivered(units);
    activatePending(units, batch, now);
    noticeRenames(units, batch, now);

    List<UpsertOutcome> runOutcomes = upsertRuns(units, notActedOn, now);
    List<Outcome> outcomes = new ArrayList<>(units.size());
    for (int i = 0; i < units.size(); i++) {
      ProcessingUnit u = units.get(i);
      String why = notActedOn.get(i);
      if (u.failure() != null) {
        outcomes.add(new Outcome(ProcessingStatus.FAILED, u.failure()));
      } else if (why != null) {
        outcomes.add(new Outcome(ProcessingStatus.IGNORED, why));
      } else {
        applyMeaning(u.hook(), u.decoded().meaning(), runOutcomes.get(i), batch, now);
        outcomes.add(new Outcome(ProcessingStatus.PROCESSED, null));
      }
    }
    batch.recordFailures();
    outbox.appendLater(notifications);
    return outcomes;
  }

  /** What became of one delivery: processed, or ignored / failed with why. */
  record Outcome(ProcessingStatus status, String why) {}

  /**
   * Once per hook, to the newest delivery; hooks in id order, so concurrent batches lock them
   * alike. A caught-up run did not come through the hook: it does not count as a delivery (the
   * quiet-hook check compares runs with deliveries), but it takes the same row lock, which orders
   * batches.
   */
  private void markDelivered(List<ProcessingUnit> units) {
    Map<HookId, ProcessingUnit> newest = new TreeMap<>(Comparator.comparing(HookId::value));
    for (ProcessingUnit u : units) {
      newest.merge(
          u.hook().id(),
          u,
          (a, b) ->
              !viaHook(b)
                      || (viaHook(a)
                          && !b.delivery().receivedAt().isAfter(a.delivery().receivedAt()))
                  ? a
                  : b);
    }
    newest.forEach(
        (hook, u) -> {
          if (viaHook(u)) {
            hooks.markDelivered(hook, u.delivery().receivedAt());
          } else {
            hooks.lockByRepository(u.hook().repositoryId());
          }
        });
  }

  private static boolean viaHook(ProcessingUnit u) {
    return u.delivery().source() == DeliverySource.WEBHOOK;
  }

  /**
   * Any authentic delivery proves that the provider reaches us and that we verify what it sends, so
   * a PENDING hook becomes ACTIVE on the first one, ping or not (GitLab never pings), and a hook
   * DEGRADED because its deliveries failed or went missing is working again. A caught-up run proves
   * nothing about the hook.
   */
  private void activatePending(List<ProcessingUnit> units, Batch batch, Instant now) {
    Map<HookId, RepositoryHook> proven = new TreeMap<>(Comparator.comparing(HookId::value));
    for (ProcessingUnit u : units) {
      if (viaHook(u)
          && (u.hook().status() == HookStatus.PENDING || deliveriesWereTheProblem(u.hook()))) {
        proven.putIfAbsent(u.hook().id(), u.hook());
      }
    }
    for (RepositoryHook hook : proven.values()) {
      boolean first = hook.status() == HookStatus.PENDING;
      if (changeStatus(hook, HookStatus.ACTIVE, null, batch, now) && first) {
        hookEvents.append(
            new HookEvent(
                ids.newId("hev"),
                hook.repositoryId(),
                hook.id(),
                HookEventKind.ACTIVATED,
                "the first authentic delivery arrived",
                now));
      }
    }
  }

  private static boolean deliveriesWereTheProblem(RepositoryHook hook) {
    return hook.status() == HookStatus.DEGRADED
        && (hook.failureReason() == FailureReason.DELIVERIES_FAILING
            || hook.failureReason() == FailureReason.DELIVERIES_MISSING);
  }

  /**
   * A payload naming the repository by another path than the stored one (GitLab sends no rename
   * event; a resent old event carries the old path) is not trusted as the new name: the reconciler
   * asks the provider by the repository's stable id, at once.
   */
  private void noticeRenames(List<ProcessingUnit> units, Batch batch, Instant now) {
    for (ProcessingUnit u : units) {
      if (u.decoded() == null || u.decoded().repository() == null || !viaHook(u)) continue;
      if (u.decoded().meaning() instanceof DomainEvent.RepositoryRenamed) continue;
      Repository repo = batch.repository(u.hook().repositoryId());
      if (!repo.fullName().equals(u.decoded().repository().fullName()))
        batch.reconcile(u.hook().id(), now);
    }
  }

  /**
   * Jobs and runs of every acted-on WorkflowRunChanged, in one upsert batch, before any other
   * effect. Returns each unit's run outcome by index ({@code null} for units without a run).
   */
  private List<UpsertOutcome> upsertRuns(
      List<ProcessingUnit> units, List<String> notActedOn, Instant now) {
    List<WorkflowRun> changedRuns = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    List<UpsertOutcome> byUnit =
        new ArrayList<>(Collections.nCopies(units.size(), (UpsertOutcome) null));
    // a state equal to one earlier in the batch is not newer than what that one left: STALE
    // without asking the store (a burst of redeliveries or replays carries the same run many times)
    Set<List<Object>> seen = new HashSet<>();
    for (int i = 0; i < units.size(); i++) {
      if (notActedOn.get(i) != null) continue;
      ProcessingUnit u = units.get(i);
      if (u.decoded().meaning() instanceof DomainEvent.WorkflowRunChanged changed) {
        if (!seen.add(List.of(u.hook().repositoryId(), u.hook().provider(), changed))) {
          byUnit.set(i, UpsertOutcome.STALE);
          continue;
        }
        for (JobResult job : changed.jobs()) runs.upsertJob(u.hook().repositoryId(), job);
        changedRuns.add(
            new WorkflowRun(u.hook().repositoryId(), u.hook().provider(), changed.run(), now));
        owners.add(i);
      }
    }
    if (changedRuns.isEmpty()) return byUnit;
    List<UpsertOutcome> outcomes = runs.upsertAll(changedRuns);
    if (outcomes.size() != changedRuns.size()) {
      throw new IllegalStateException(
          "run store answered "
              + outcomes.size()
              + " outcomes for "
              + changedRuns.size()
              + " runs");
    }
    for (int k = 0; k < owners.size(); k++) byUnit.set(owners.get(k), outcomes.get(k));
    return byUnit;
  }

  /** Why nothing will be done with this delivery, or {@code null}. */
  private String ignoredBecause(ProcessingUnit u, Batch batch) {
    DomainEvent meaning = u.decoded().meaning();
    if (meaning instanceof DomainEvent.UnknownEvent unknown) {
      return "event '" + unknown.event() + "' is stored but not acted on";
    }
    if (meaning instanceof DomainEvent.WorkflowRunChanged
        && batch.enabledConnections(u.hook().repositoryId()).isEmpty()) {
      return "no enabled connection subscribes to this repository";
    }
    return null;
  }

  private void applyMeaning(
      RepositoryHook hook,
      DomainEvent meaning,
      UpsertOutcome runOutcome,
      Batch batch,
      Instant now) {
    if (meaning instanceof DomainEvent.WorkflowRunChanged run) {
      if (runOutcome.applied()) applyRun(hook, run.run(), batch, now);
    } else if (meaning instanceof DomainEvent.WorkflowJobChanged job) {
      runs.upsertJob(hook.repositoryId(), job.job());
    } else if (meaning instanceof DomainEvent.Ping) {
      // a PENDING hook was activated with the batch; a ping also revives one the provider disabled
      if (hook.status() == HookStatus.INACTIVE)
        changeStatus(hook, HookStatus.ACTIVE, null, batch, now);
    } else if (meaning instanceof DomainEvent.HookDeleted) {
      changeStatus(hook, HookStatus.INACTIVE, FailureReason.HOOK_DELETED_BY_PROVIDER, batch, now);
      batch.reconcile(hook.id(), now); // recreated at once, not at the next turn
    } else if (meaning instanceof DomainEvent.RepositoryRenamed renamed) {
      repositories.rename(hook.repositoryId(), renamed.newFullName());
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

  private void applyRun(RepositoryHook hook, RunSnapshot run, Batch batch, Instant now) {
    Repository repo = batch.repository(hook.repositoryId());
    for (Connection c : batch.enabledConnections(hook.repositoryId())) {
      batch.notify(
          c.userId(),
          NotificationType.WORKFLOW_RUN_UPDATED,
          NotificationPayloads.run(c, repo, run),
          now);
      if (run.isCompletedFailure()) {
        batch.recordFailure(
            new IncidentStore.NewFailure(
                new IncidentId(ids.newId("inc")),
                c.userId(),
                c.id(),
                repo.id(),
                run.workflowKey(),
                run.workflowName(),
                run.branch(),
                IncidentOccurrence.of(run, now),
                now),
            opened ->
                batch.notify(
                    c.userId(),
                    NotificationType.INCIDENT_OPENED,
                    NotificationPayloads.incident(c, repo, opened, run.url()),
                    now));
      } else if (run.isCompletedSuccess()) {
        batch.recordFailures(); // a success is judged against the failures before it
        incidents
            .resolve(c.id(), run.workflowKey(), run.branch(), RunRef.of(run), now)
            .ifPresent(
                resolved ->
                    batch.notify(
                        c.userId(),
                        NotificationType.INCIDENT_RESOLVED,
                        NotificationPayloads.incident(c, repo, resolved, run.url()),
                        now));
      }
    }
  }

  /** Returns whether the status changed. */
  private boolean changeStatus(
      RepositoryHook hook, HookStatus status, FailureReason reason, Batch batch, Instant now) {
    if (!hooks.updateStatus(hook.id(), status, reason, null, now)) return false;
    batch.changed(hook.id());
    Repository repo = batch.repository(hook.repositoryId());
    RepositoryHook changed = hook.withStatus(status, reason, null, now);
    for (Connection c : batch.connections(hook.repositoryId())) {
      batch.notify(
          c.userId(),
          NotificationType.WEBHOOK_STATUS_CHANGED,
          NotificationPayloads.hookStatus(c, repo, changed),
          now);
    }
    return true;
  }

  /**
   * What a batch reads once per repository, not once per delivery, the hooks it changed, and the
   * failures it records together: a notification queued after a failure waits for it, so the outbox
   * has them in the order of the effects.
   */
  private final class Batch {
    private final Map<RepositoryId, List<Connection>> connections = new HashMap<>();
    private final Map<RepositoryId, Repository> repositories = new HashMap<>();
    private final Outbox outbox;
    private final Set<HookId> changedHooks;
    private final Set<HookId> toReconcile;
    private final List<IncidentStore.NewFailure> failures = new ArrayList<>();
    private final List<Consumer<List<Optional<Incident>>>> afterFailures = new ArrayList<>();

    Batch(Outbox outbox, Set<HookId> changedHooks, Set<HookId> toReconcile) {
      this.outbox = Objects.requireNonNull(outbox, "outbox == null");
      this.changedHooks = Objects.requireNonNull(changedHooks, "changedHooks == null");
      this.toReconcile = Objects.requireNonNull(toReconcile, "toReconcile == null");
    }

    void notify(UserId user, NotificationType type, Map<String, Object> data, Instant at) {
      if (failures.isEmpty()) outbox.addLater(user, type, data, at);
      else afterFailures.add(opened -> outbox.addLater(user, type, data, at));
    }

    void recordFailure(IncidentStore.NewFailure failure, Consumer<Incident> whenOpened) {
      int index = failures.size();
      failures.add(failure);
      afterFailures.add(opened -> opened.get(index).ifPresent(whenOpened));
    }

    /** Records the failures waiting, in one call, then queues what waited for them. */
    void recordFailures() {
      if (failures.isEmpty()) return;
      List<Optional<Incident>> opened = incidents.recordFailuresAndGetOpened(List.copyOf(failures));
      if (opened.size() != failures.size()) {
        throw new IllegalStateException(
            "incident store answered " + opened.size() + " for " + failures.size() + " failures");
      }
      List<Consumer<List<Optional<Incident>>>> waiting = List.copyOf(afterFailures);
      failures.clear();
      afterFailures.clear();
      waiting.forEach(w -> w.accept(opened));
    }

    /**
     * Due at once in the schedule (inside this transaction), and handed to the caller to wake a
     * reconciler.
     */
    void reconcile(HookId id, Instant now) {
      if (toReconcile.add(id)) reconcileSchedule.dueBy(List.of(id), now);
    }

    /** Every connection to the repository, in lock order. */
    List<Connection> connections(RepositoryId id) {
      return connections.computeIfAbsent(
          id, r -> Outbox.inLockOrder(DeliveryEffects.this.connections.listByRepository(r)));
    }

    List<Connection> enabledConnections(RepositoryId id) {
      return connections(id).stream().filter(Connection::enabled).toList();
    }

    Repository repository(RepositoryId id) {
      return repositories.computeIfAbsent(
          id, r -> DeliveryEffects.this.repositories.find(r).orElseThrow());
    }

    /** After a rename inside the batch, later deliveries must see the new name. */
    void forgetRepository(RepositoryId id) {
      repositories.remove(id);
    }

    void changed(HookId id) {
      changedHooks.add(id);
    }
  }
}
