package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.WorkflowRunStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A run store with a bug that only one run triggers; counts the upserts that reach it. */
final class PoisonedRunStore implements WorkflowRunStore {
  private final WorkflowRunStore delegate;
  private final long poisonedRunId;
  final AtomicInteger upserts = new AtomicInteger();

  PoisonedRunStore(WorkflowRunStore delegate, long poisonedRunId) {
    this.delegate = delegate;
    this.poisonedRunId = poisonedRunId;
  }

  @Override
  public UpsertOutcome upsert(WorkflowRun run) {
    upserts.incrementAndGet();
    if (run.snapshot().providerRunId() == poisonedRunId) {
      throw new IllegalStateException("poisoned run " + poisonedRunId);
    }
    return delegate.upsert(run);
  }

  @Override
  public void upsertJob(RepositoryId repositoryId, JobResult job) {
    delegate.upsertJob(repositoryId, job);
  }

  @Override
  public List<JobResult> jobs(
      RepositoryId repositoryId, long providerRunId, int attempt) {
    return delegate.jobs(repositoryId, providerRunId, attempt);
  }

  @Override
  public Optional<WorkflowRun> find(
      RepositoryId repositoryId, long providerRunId, int attempt) {
    return delegate.find(repositoryId, providerRunId, attempt);
  }

  @Override
  public Page<WorkflowRun> listByRepository(
      RepositoryId repositoryId, PageRequest page) {
    return delegate.listByRepository(repositoryId, page);
  }

  @Override
  public int purgeRunsBefore(Instant cutoff, int batchSize) {
    return delegate.purgeRunsBefore(cutoff, batchSize);
  }

  @Override
  public int purgeOrphanJobsBefore(Instant cutoff, int batchSize) {
    return delegate.purgeOrphanJobsBefore(cutoff, batchSize);
  }
}
