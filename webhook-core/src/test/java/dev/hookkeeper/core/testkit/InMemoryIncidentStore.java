package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RunRef;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.IncidentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * At most one open incident per (connection, workflow, branch). A (run, attempt) counts once per
 * group: recorded again, also after the incident resolved, it changes nothing.
 */
public final class InMemoryIncidentStore implements IncidentStore, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final Map<IncidentId, Incident> byId = new HashMap<>();

  public InMemoryIncidentStore() {
    this(new Object());
  }

  public InMemoryIncidentStore(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
  }

  @Override
  public FailureRecorded recordFailure(NewFailure f) {
    Objects.requireNonNull(f, "failure == null");
    synchronized (lock) {
      List<Incident> group = byId.values().stream()
          .filter(i -> i.connectionId().equals(f.connectionId()) && i.workflowKey().equals(f.workflowKey())
              && i.branch().equals(f.branch()))
          .toList();
      for (Incident i : group) {
        if (i.occurrences().stream().anyMatch(o -> sameRun(o, f.occurrence()))) {
          return new FailureRecorded(Outcome.ALREADY_RECORDED, i);
        }
      }
      Optional<Incident> open = group.stream().filter(i -> i.status() == IncidentStatus.OPEN).findFirst();
      if (open.isPresent()) {
        Incident i = open.get();
        List<IncidentOccurrence> occurrences = new ArrayList<>(i.occurrences());
        occurrences.add(f.occurrence());
        occurrences.sort(Comparator.comparing(IncidentOccurrence::runCreatedAt)
            .thenComparing(IncidentOccurrence::occurredAt));
        Incident added = new Incident(i.id(), i.userId(), i.connectionId(), i.repositoryId(), i.workflowKey(),
            i.workflowName(), i.branch(), i.status(), i.openedAt(), null, null, occurrences);
        byId.put(added.id(), added);
        return new FailureRecorded(Outcome.OCCURRENCE_ADDED, added);
      }
      Incident opened = new Incident(f.newId(), f.userId(), f.connectionId(), f.repositoryId(), f.workflowKey(),
          f.workflowName(), f.branch(), IncidentStatus.OPEN, f.at(), null, null, List.of(f.occurrence()));
      byId.put(opened.id(), opened);
      return new FailureRecorded(Outcome.OPENED, opened);
    }
  }

  @Override
  public Optional<Incident> recordLateFailure(NewFailure f, RunRef resolvedBy) {
    Objects.requireNonNull(f, "failure == null");
    Objects.requireNonNull(resolvedBy, "resolvedBy == null");
    synchronized (lock) {
      List<Incident> group = byId.values().stream()
          .filter(i -> i.connectionId().equals(f.connectionId()) && i.workflowKey().equals(f.workflowKey())
              && i.branch().equals(f.branch()))
          .toList();
      if (group.stream().anyMatch(i -> i.occurrences().stream().anyMatch(o -> sameRun(o, f.occurrence())))) {
        return Optional.empty();
      }
      Optional<Incident> target = group.stream()
          .filter(i -> i.status() == IncidentStatus.RESOLVED && i.resolvedBy() != null
              && i.resolvedBy().providerRunId() == resolvedBy.providerRunId()
              && i.resolvedBy().attempt() == resolvedBy.attempt())
          .max(Comparator.comparing(Incident::openedAt));
      if (target.isEmpty()) {
        Incident opened = new Incident(f.newId(), f.userId(), f.connectionId(), f.repositoryId(), f.workflowKey(),
            f.workflowName(), f.branch(), IncidentStatus.RESOLVED, f.at(), f.at(), resolvedBy,
            List.of(f.occurrence()));
        byId.put(opened.id(), opened);
        return Optional.of(opened);
      }
      Incident i = target.get();
      List<IncidentOccurrence> occurrences = new ArrayList<>(i.occurrences());
      occurrences.add(f.occurrence());
      occurrences.sort(Comparator.comparing(IncidentOccurrence::runCreatedAt).thenComparing(IncidentOccurrence::occurredAt));
      byId.put(i.id(), new Incident(i.id(), i.userId(), i.connectionId(), i.repositoryId(), i.workflowKey(),
          i.workflowName(), i.branch(), i.status(), i.openedAt(), i.resolvedAt(), i.resolvedBy(), occurrences));
      return Optional.empty();
    }
  }

  @Override
  public Optional<Incident> resolve(
      ConnectionId connectionId, String workflowKey, String branch, RunRef resolvedBy, Instant at) {
    Objects.requireNonNull(resolvedBy, "resolvedBy == null");
    Objects.requireNonNull(at, "at == null");
    synchronized (lock) {
      Optional<Incident> open = byId.values().stream()
          .filter(i -> i.status() == IncidentStatus.OPEN && i.connectionId().equals(connectionId)
              && i.workflowKey().equals(workflowKey) && i.branch().equals(branch))
          .findFirst();
      if (open.isEmpty()) return Optional.empty();
      Incident i = open.get();
      Instant latestFailure = i.occurrences().stream().map(IncidentOccurrence::runCreatedAt)
          .max(Comparator.naturalOrder()).orElse(Instant.MIN);
      if (resolvedBy.runCreatedAt().isBefore(latestFailure)) return Optional.empty();
      Incident resolved = new Incident(i.id(), i.userId(), i.connectionId(), i.repositoryId(), i.workflowKey(),
          i.workflowName(), i.branch(), IncidentStatus.RESOLVED, i.openedAt(), at, resolvedBy, i.occurrences());
      byId.put(resolved.id(), resolved);
      return Optional.of(resolved);
    }
  }

  @Override
  public Page<Incident> listByUser(UserId userId, IncidentStatus status, PageRequest page) {
    synchronized (lock) {
      List<Incident> mine = byId.values().stream()
          .filter(i -> i.userId().equals(userId) && (status == null || i.status() == status))
          .toList();
      return Paging.newestFirst(mine, i -> new Paging.Key(i.openedAt(), i.id().value()), page);
    }
  }

  @Override
  public Optional<Incident> find(UserId userId, IncidentId id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id)).filter(i -> i.userId().equals(userId));
    }
  }

  @Override
  public int deleteByConnection(ConnectionId connectionId) {
    Objects.requireNonNull(connectionId, "connectionId == null");
    synchronized (lock) {
      int before = byId.size();
      byId.values().removeIf(i -> i.connectionId().equals(connectionId));
      return before - byId.size();
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.of(byId);
  }

  private static boolean sameRun(IncidentOccurrence a, IncidentOccurrence b) {
    return a.providerRunId() == b.providerRunId() && a.attempt() == b.attempt();
  }
}
