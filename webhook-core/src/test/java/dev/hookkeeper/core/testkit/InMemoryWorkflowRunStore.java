package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.WorkflowRunStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs keyed by (repository, run id, attempt) and jobs by (repository, job id); never backwards.
 * Retention keeps the runs {@link RunReferences} names (an {@link InMemoryIncidentStore}'s); a
 * job's store time comes from the clock, as a database's {@code now()}.
 */
public final class InMemoryWorkflowRunStore implements WorkflowRunStore, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final InstantSource clock;
  private final RunReferences references;
  private final Map<RunKey, WorkflowRun> runs = new HashMap<>();
  private final Map<JobKey, JobResult> jobs = new HashMap<>();
  private final Map<JobKey, Instant> jobsStoredAt = new HashMap<>();

  public InMemoryWorkflowRunStore() {
    this(new Object());
  }

  /** Without incidents: retention finds no run referenced. */
  public InMemoryWorkflowRunStore(Object lock) {
    this(lock, InstantSource.system(), (repositoryId, runId, attempt) -> false);
  }

  public InMemoryWorkflowRunStore(Object lock, InstantSource clock, RunReferences references) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.references = Objects.requireNonNull(references, "references == null");
  }

  /** Whether an incident references a run attempt (retention keeps those). */
  @FunctionalInterface
  public interface RunReferences {
    boolean referenced(RepositoryId repositoryId, long providerRunId, int attempt);
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
      JobKey key = new JobKey(repositoryId, job.jobId());
      JobResult current = jobs.get(key);
      if (current == null || jobSupersedes(job, current)) {
        jobs.put(key, job);
        jobsStoredAt.put(key, clock.instant());
      }
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
  public Page<WorkflowRun> listByRepository(RepositoryId repositoryId, PageRequest page) {
    synchronized (lock) {
      List<WorkflowRun> mine = runs.values().stream().filter(r -> r.repositoryId().equals(repositoryId)).toList();
      return Paging.newestFirst(mine, r -> new Paging.Key(r.snapshot().runCreatedAt(),
          Paging.pad(r.snapshot().providerRunId()) + ":" + Paging.pad(r.snapshot().attempt())), page);
    }
  }

  @Override
  public int purgeRunsBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be positive");
    synchronized (lock) {
      List<RunKey> expired = runs.entrySet().stream()
          .filter(e -> e.getValue().recordedAt().isBefore(cutoff))
          .filter(e -> !references.referenced(e.getKey().repositoryId(), e.getKey().providerRunId(),
              e.getKey().attempt()))
          .sorted(Comparator.comparing(e -> e.getValue().recordedAt()))
          .limit(batchSize)
          .map(Map.Entry::getKey)
          .toList();
      for (RunKey key : expired) {
        runs.remove(key);
        List<JobKey> itsJobs = jobs.entrySet().stream()
            .filter(e -> e.getKey().repositoryId().equals(key.repositoryId())
                && e.getValue().providerRunId() == key.providerRunId() && e.getValue().runAttempt() == key.attempt())
            .map(Map.Entry::getKey)
            .toList();
        itsJobs.forEach(this::removeJob);
      }
      return expired.size();
    }
  }

  @Override
  public int purgeOrphanJobsBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be positive");
    synchronized (lock) {
      List<JobKey> expired = jobs.entrySet().stream()
          .filter(e -> {
            JobResult j = e.getValue();
            RunKey run = new RunKey(e.getKey().repositoryId(), j.providerRunId(), j.runAttempt());
            Instant age = j.completedAt() != null ? j.completedAt() : jobsStoredAt.get(e.getKey());
            return !runs.containsKey(run) && age.isBefore(cutoff)
                && !references.referenced(run.repositoryId(), run.providerRunId(), run.attempt());
          })
          .limit(batchSize)
          .map(Map.Entry::getKey)
          .toList();
      expired.forEach(this::removeJob);
      return expired.size();
    }
  }

  private void removeJob(JobKey key) {
    jobs.remove(key);
    jobsStoredAt.remove(key);
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.all(Checkpoints.of(runs), Checkpoints.of(jobs), Checkpoints.of(jobsStoredAt));
  }

  private record RunKey(RepositoryId repositoryId, long providerRunId, int attempt) {}

  private record JobKey(RepositoryId repositoryId, long jobId) {}
}
