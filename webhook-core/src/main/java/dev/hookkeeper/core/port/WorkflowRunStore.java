package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.WorkflowRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Workflow runs keyed by (repository, provider run id, attempt); state never goes backwards. */
public interface WorkflowRunStore {

  /**
   * Inserts the run, or updates it when {@link WorkflowRun#supersedes} says the new snapshot is
   * newer; otherwise leaves it alone. Race-free under concurrent upserts of the same run.
   */
  UpsertOutcome upsert(WorkflowRun run);

  /**
   * {@link #upsert} for each run, in list order (a later element sees what an earlier one
   * stored), inside the caller's transaction; element {@code i} of the result is the outcome of
   * {@code runs.get(i)}. Adapters override this to save round trips; the default loops.
   */
  default List<UpsertOutcome> upsertAll(List<WorkflowRun> runs) {
    Objects.requireNonNull(runs, "runs == null");
    List<UpsertOutcome> outcomes = new ArrayList<>(runs.size());
    for (WorkflowRun run : runs) outcomes.add(upsert(run));
    return outcomes;
  }

  /** Inserts or updates a job by (repository, job id), newer state only (same rule as runs). */
  void upsertJob(RepositoryId repositoryId, JobResult job);

  List<JobResult> jobs(RepositoryId repositoryId, long providerRunId, int attempt);

  Optional<WorkflowRun> find(RepositoryId repositoryId, long providerRunId, int attempt);

  /** Newest first (by run creation, then attempt). */
  Page<WorkflowRun> listByRepository(RepositoryId repositoryId, PageRequest page);

  /**
   * Retention: deletes at most {@code batchSize} runs last changed ({@link WorkflowRun#recordedAt})
   * before {@code cutoff}, oldest first, each with its jobs, and returns how many runs. A run an
   * incident references, as an occurrence or as the run that resolved it, is kept with its jobs.
   */
  int purgeRunsBefore(Instant cutoff, int batchSize);

  /**
   * Retention of jobs whose run is not stored (a job event without its run's): deletes at most
   * {@code batchSize} of those that completed before {@code cutoff} or, never completed, were last
   * stored before it, unless an incident references their run; returns how many.
   */
  int purgeOrphanJobsBefore(Instant cutoff, int batchSize);

  enum UpsertOutcome {
    INSERTED,
    UPDATED,
    /** Older than or equal to what is stored: no change, and so no effect downstream. */
    STALE;

    public boolean applied() {
      return this != STALE;
    }
  }
}
