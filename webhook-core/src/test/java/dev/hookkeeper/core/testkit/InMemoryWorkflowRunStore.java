package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.WorkflowRunStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Runs keyed by (repository, run id, attempt) and jobs by (repository, job id); never backwards. */
public final class InMemoryWorkflowRunStore implements WorkflowRunStore, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final Map<RunKey, WorkflowRun> runs = new HashMap<>();
  private final Map<JobKey, JobResult> jobs = new HashMap<>();

  public InMemoryWorkflowRunStore() {
    this(new Object());
  }

  public InMemoryWorkflowRunStore(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
  }

  @Override
  public UpsertOutcome upsert(WorkflowRun run) {
    Objects.requireNonNull(run, "run == null");
    RunKey key = new RunKey(run.repositoryId(), run.snapshot().providerRunId(), run.snapshot().attempt());
    synchronized (lock) {
      WorkflowRun current = runs.get(key);
      if (current == null) {
        runs.put(key, run);
        return UpsertOutcome.INSERTED;
      }
      if (!WorkflowRun.supersedes(run.snapshot(), current.snapshot())) return UpsertOutcome.STALE;
      runs.put(key, run);
      return UpsertOutcome.UPDATED;
    }
  }

  /** A job's state is newer on a higher status rank, or, at equal rank, a later completion. */
  @Override
  public void upsertJob(RepositoryId repositoryId, JobResult job) {
    Objects.requireNonNull(repositoryId, "repositoryId == null");
    Objects.requireNonNull(job, "job == null");
    synchronized (lock) {
      jobs.merge(new JobKey(repositoryId, job.jobId()), job, (current, candidate) ->
          jobSupersedes(candidate, current) ? candidate : current);
    }
  }

  static boolean jobSupersedes(JobResult candidate, JobResult current) {
    int byRank = Integer.compare(candidate.status().rank(), current.status().rank());
    if (byRank != 0) return byRank > 0;
    Instant at = candidate.completedAt();
    return at != null && (current.completedAt() == null || at.isAfter(current.completedAt()));
  }

  @Override
  public List<JobResult> jobs(RepositoryId repositoryId, long providerRunId, int attempt) {
    synchronized (lock) {
      return jobs.entrySet().stream()
          .filter(e -> e.getKey().repositoryId().equals(repositoryId))
          .map(Map.Entry::getValue)
          .filter(j -> j.providerRunId() == providerRunId && j.runAttempt() == attempt)
          .sorted(Comparator.comparingLong(JobResult::jobId))
          .toList();
    }
  }

  @Override
  public Optional<WorkflowRun> find(RepositoryId repositoryId, long providerRunId, int attempt) {
    synchronized (lock) {
      return Optional.ofNullable(runs.get(new RunKey(repositoryId, providerRunId, attempt)));
    }
  }

  @Override
  public Optional<WorkflowRun> firstSuccessAfter(RepositoryId repositoryId, RunSnapshot run) {
    Comparator<RunSnapshot> order = Comparator.comparing(RunSnapshot::runCreatedAt)
        .thenComparingLong(RunSnapshot::providerRunId).thenComparingInt(RunSnapshot::attempt);
    synchronized (lock) {
      return runs.values().stream()
          .filter(r -> r.repositoryId().equals(repositoryId) && r.snapshot().workflowKey().equals(run.workflowKey())
              && r.snapshot().branch().equals(run.branch()) && r.snapshot().isCompletedSuccess()
              && order.compare(r.snapshot(), run) > 0)
          .min(Comparator.comparing(WorkflowRun::snapshot, order));
    }
  }

  @Override
  public Page<WorkflowRun> listByRepository(RepositoryId repositoryId, PageRequest page) {
    synchronized (lock) {
      List<WorkflowRun> mine = runs.values().stream().filter(r -> r.repositoryId().equals(repositoryId)).toList();
      return Paging.newestFirst(mine, r -> new Paging.Key(r.snapshot().runCreatedAt(),
          Paging.pad(r.snapshot().providerRunId()) + ":" + Paging.pad(r.snapshot().attempt())), page);
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.all(Checkpoints.of(runs), Checkpoints.of(jobs));
  }

  private record RunKey(RepositoryId repositoryId, long providerRunId, int attempt) {}

  private record JobKey(RepositoryId repositoryId, long jobId) {}
}
