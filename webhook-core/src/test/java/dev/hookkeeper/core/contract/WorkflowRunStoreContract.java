package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.WorkflowRunStore;
import dev.hookkeeper.core.port.WorkflowRunStore.UpsertOutcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link WorkflowRunStore} must do: run state never goes backwards. */
public abstract class WorkflowRunStoreContract extends StoreContractSupport {

  private WorkflowRunStore store() {
    return stores().runs();
  }

  protected static RunSnapshot snapshot(long runId, int attempt, RunStatus status, RunConclusion conclusion,
      Instant createdAt, Instant updatedAt) {
    return new RunSnapshot(runId, attempt, "161335", "CI", 42, "main", "6dcb09b5b57875f334f61aebed695e2e4193db5e",
        status, conclusion, "https://github.com/octo/app/actions/runs/" + runId, "push", createdAt, updatedAt,
        List.of(7L, 9L));
  }

  private static WorkflowRun run(RepositoryId repo, RunSnapshot snapshot) {
    return new WorkflowRun(repo, Provider.GITHUB, snapshot, snapshot.updatedAt());
  }

  private static JobResult job(long jobId, long runId, int attempt, RunStatus status, RunConclusion conclusion,
      Instant completedAt) {
    return new JobResult(jobId, runId, attempt, "build", status, conclusion, null,
        conclusion == RunConclusion.FAILURE ? List.of("Run tests") : List.of(),
        "https://github.com/octo/app/actions/runs/" + runId + "/job/" + jobId, completedAt);
  }

  @Test
  void inserts_a_new_run() {
    RepositoryId repo = newRepository().id();
    WorkflowRun run = run(repo, snapshot(uniqueNumber(), 1, RunStatus.QUEUED, RunConclusion.NONE, t(0), t(1)));

    assertThat(store().upsert(run)).isEqualTo(UpsertOutcome.INSERTED);
    assertThat(store().find(repo, run.snapshot().providerRunId(), 1)).contains(run);
  }

  @Test
  void newer_state_updates_and_older_state_is_stale() {
    RepositoryId repo = newRepository().id();
    long runId = uniqueNumber();
    store().upsert(run(repo, snapshot(runId, 1, RunStatus.IN_PROGRESS, RunConclusion.NONE, t(0), t(10))));
    WorkflowRun completed = run(repo, snapshot(runId, 1, RunStatus.COMPLETED, RunConclusion.FAILURE, t(0), t(20)));

    assertThat(store().upsert(completed)).isEqualTo(UpsertOutcome.UPDATED);
    assertThat(store().upsert(run(repo, snapshot(runId, 1, RunStatus.IN_PROGRESS, RunConclusion.NONE, t(0), t(30)))))
        .as("in_progress after completed").isEqualTo(UpsertOutcome.STALE);
    assertThat(store().upsert(completed)).as("a redelivery").isEqualTo(UpsertOutcome.STALE);
    assertThat(store().find(repo, runId, 1)).contains(completed);
  }

  @Test
  void at_equal_rank_a_later_provider_timestamp_wins() {
    RepositoryId repo = newRepository().id();
    long runId = uniqueNumber();
    store().upsert(run(repo, snapshot(runId, 1, RunStatus.COMPLETED, RunConclusion.FAILURE, t(0), t(10))));
    WorkflowRun later = run(repo, snapshot(runId, 1, RunStatus.COMPLETED, RunConclusion.SUCCESS, t(0), t(11)));

    assertThat(store().upsert(later)).isEqualTo(UpsertOutcome.UPDATED);
    assertThat(store().upsert(run(repo, snapshot(runId, 1, RunStatus.COMPLETED, RunConclusion.FAILURE, t(0), t(5)))))
        .isEqualTo(UpsertOutcome.STALE);
    assertThat(store().find(repo, runId, 1)).contains(later);
  }

  @Test
  void attempts_and_repositories_are_separate_runs() {
    RepositoryId repo = newRepository().id();
    RepositoryId other = newRepository().id();
    long runId = uniqueNumber();
    WorkflowRun first = run(repo, snapshot(runId, 1, RunStatus.COMPLETED, RunConclusion.FAILURE, t(0), t(10)));
    WorkflowRun retry = run(repo, snapshot(runId, 2, RunStatus.QUEUED, RunConclusion.NONE, t(0), t(20)));
    store().upsert(first);

    assertThat(store().upsert(retry)).isEqualTo(UpsertOutcome.INSERTED);
    assertThat(store().upsert(run(other, first.snapshot()))).isEqualTo(UpsertOutcome.INSERTED);
    assertThat(store().find(repo, runId, 1)).contains(first);
    assertThat(store().find(repo, runId, 2)).contains(retry);
    assertThat(store().find(repo, runId, 3)).isEmpty();
  }

  @Test
  void concurrent_upserts_of_one_run_keep_the_newest_state() {
    RepositoryId repo = newRepository().id();
    long runId = uniqueNumber();
    RunStatus[] statuses = {RunStatus.REQUESTED, RunStatus.QUEUED, RunStatus.IN_PROGRESS, RunStatus.COMPLETED};

    List<UpsertOutcome> outcomes = concurrently(16, i -> store().upsert(run(repo, snapshot(runId, 1,
        statuses[i % 4], statuses[i % 4] == RunStatus.COMPLETED ? RunConclusion.SUCCESS : RunConclusion.NONE,
        t(0), t(i)))));

    assertThat(outcomes).containsOnlyOnce(UpsertOutcome.INSERTED);
    RunSnapshot stored = store().find(repo, runId, 1).orElseThrow().snapshot();
    assertThat(stored.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(stored.updatedAt()).isEqualTo(t(15));
  }

  @Test
  void jobs_keep_their_newest_state_per_attempt() {
    RepositoryId repo = newRepository().id();
    long runId = uniqueNumber();
    long jobId = uniqueNumber();
    JobResult done = job(jobId, runId, 1, RunStatus.COMPLETED, RunConclusion.FAILURE, t(30));
    store().upsertJob(repo, job(jobId, runId, 1, RunStatus.IN_PROGRESS, RunConclusion.NONE, null));
    store().upsertJob(repo, done);
    store().upsertJob(repo, job(jobId, runId, 1, RunStatus.IN_PROGRESS, RunConclusion.NONE, null));
    JobResult retried = job(jobId + 1, runId, 2, RunStatus.QUEUED, RunConclusion.NONE, null);
    store().upsertJob(repo, retried);

    assertThat(store().jobs(repo, runId, 1)).containsExactly(done);
    assertThat(store().jobs(repo, runId, 2)).containsExactly(retried);
    assertThat(store().jobs(newRepository().id(), runId, 1)).isEmpty();
  }

  @Test
  void lists_runs_newest_first_in_pages() {
    Repository repo = newRepository();
    long runA = uniqueNumber();
    WorkflowRun oldest = run(repo.id(), snapshot(runA, 1, RunStatus.COMPLETED, RunConclusion.FAILURE, t(0), t(5)));
    WorkflowRun retry = run(repo.id(), snapshot(runA, 2, RunStatus.COMPLETED, RunConclusion.SUCCESS, t(0), t(50)));
    WorkflowRun newest = run(repo.id(), snapshot(uniqueNumber(), 1, RunStatus.QUEUED, RunConclusion.NONE, t(100), t(100)));
    store().upsert(newest);
    store().upsert(oldest);
    store().upsert(retry);
    store().upsert(run(newRepository().id(), newest.snapshot()));

    Page<WorkflowRun> first = store().listByRepository(repo.id(), PageRequest.first(2));
    Page<WorkflowRun> second = store().listByRepository(repo.id(), new PageRequest(first.nextCursor(), 2));

    assertThat(first.items()).containsExactly(newest, retry);
    assertThat(second.items()).containsExactly(oldest);
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void rejects_a_malformed_cursor() {
    RepositoryId repo = newRepository().id();

    assertThatThrownBy(() -> store().listByRepository(repo, new PageRequest("not-a-cursor!", 10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void upserts_a_batch_in_order_each_seeing_the_ones_before() {
    RepositoryId repo = newRepository().id();
    long runId = uniqueNumber();
    long otherRun = uniqueNumber();
    WorkflowRun queued = run(repo, snapshot(runId, 1, RunStatus.QUEUED, RunConclusion.NONE, t(0), t(1)));
    WorkflowRun completed = run(repo, snapshot(runId, 1, RunStatus.COMPLETED, RunConclusion.FAILURE, t(0), t(5)));
    WorkflowRun lateInProgress = run(repo, snapshot(runId, 1, RunStatus.IN_PROGRESS, RunConclusion.NONE, t(0), t(9)));
    WorkflowRun secondAttempt = run(repo, snapshot(runId, 2, RunStatus.QUEUED, RunConclusion.NONE, t(0), t(10)));
    WorkflowRun other = run(repo, snapshot(otherRun, 1, RunStatus.COMPLETED, RunConclusion.SUCCESS, t(0), t(3)));

    List<UpsertOutcome> outcomes = stores().tx().inTransaction(() -> store().upsertAll(
        List.of(queued, completed, lateInProgress, completed, secondAttempt, other)));

    assertThat(outcomes).containsExactly(UpsertOutcome.INSERTED, UpsertOutcome.UPDATED, UpsertOutcome.STALE,
        UpsertOutcome.STALE, UpsertOutcome.INSERTED, UpsertOutcome.INSERTED);
    assertThat(store().find(repo, runId, 1)).contains(completed);
    assertThat(store().find(repo, runId, 2)).contains(secondAttempt);
    assertThat(store().find(repo, otherRun, 1)).contains(other);
    assertThat(store().upsertAll(List.of(other, completed))).containsExactly(UpsertOutcome.STALE, UpsertOutcome.STALE);
    assertThat(store().upsertAll(List.of())).isEmpty();
  }

  /** Long before anything the other tests store, so a purge here touches only this test's rows. */
  private static final Instant OLD = T0.minus(java.time.Duration.ofDays(1000));

  @Test
  void purges_runs_last_changed_before_the_cutoff_with_their_jobs_in_batches_unless_an_incident_needs_them() {
    Repository repo = newRepository();
    Connection c = newConnection(newUser(), repo);
    long base = uniqueNumber();
    List<Long> expired = List.of(base, base + 1, base + 2);
    for (long runId : expired) storeRun(repo.id(), runId, RunConclusion.SUCCESS, OLD.plusSeconds(runId - base));
    storeRun(repo.id(), base + 3, RunConclusion.FAILURE, OLD); // an incident's occurrence
    storeRun(repo.id(), base + 4, RunConclusion.SUCCESS, OLD); // the run that resolved it
    storeRun(repo.id(), base + 5, RunConclusion.SUCCESS, OLD.plus(java.time.Duration.ofDays(10))); // recent
    stores().incidents().recordFailure(new dev.hookkeeper.core.port.IncidentStore.NewFailure(
        new dev.hookkeeper.core.model.IncidentId(uniqueId("inc")), c.userId(), c.id(), repo.id(), "161335", "CI",
        "main", new dev.hookkeeper.core.model.IncidentOccurrence(base + 3, 1, 3, "sha", "u",
            RunConclusion.FAILURE, OLD, OLD), OLD));
    assertThat(stores().incidents().resolve(c.id(), "161335", "main",
        new dev.hookkeeper.core.model.RunRef(base + 4, 1, 4, "u", OLD), OLD)).isPresent();
    Instant cutoff = OLD.plus(java.time.Duration.ofDays(1));

    List<Integer> batches = new java.util.ArrayList<>();
    int purged;
    do {
      purged = store().purgeRunsBefore(cutoff, 2);
      batches.add(purged);
    } while (purged > 0);

    assertThat(batches).containsExactly(2, 1, 0);
    for (long runId : expired) {
      assertThat(store().find(repo.id(), runId, 1)).isEmpty();
      assertThat(store().jobs(repo.id(), runId, 1)).isEmpty();
    }
    for (long runId : List.of(base + 3, base + 4, base + 5)) {
      assertThat(store().find(repo.id(), runId, 1)).as("run %s", runId).isPresent();
      assertThat(store().jobs(repo.id(), runId, 1)).as("jobs of %s", runId).hasSize(1);
    }
  }

  @Test
  void purges_jobs_without_their_run_that_completed_before_the_cutoff() {
    RepositoryId repo = newRepository().id();
    long runId = uniqueNumber();
    store().upsertJob(repo, job(uniqueNumber(), runId, 1, RunStatus.COMPLETED, RunConclusion.FAILURE, OLD));
    store().upsertJob(repo, job(uniqueNumber(), runId, 1, RunStatus.COMPLETED, RunConclusion.SUCCESS,
        OLD.plusSeconds(10)));
    JobResult recent = job(uniqueNumber(), runId, 1, RunStatus.COMPLETED, RunConclusion.SUCCESS,
        OLD.plus(java.time.Duration.ofDays(10)));
    store().upsertJob(repo, recent);
    long otherRun = uniqueNumber();
    Instant recentlyChanged = OLD.plus(java.time.Duration.ofDays(10));
    store().upsert(new WorkflowRun(repo, Provider.GITHUB,
        snapshot(otherRun, 1, RunStatus.COMPLETED, RunConclusion.SUCCESS, OLD, OLD), recentlyChanged));
    store().upsertJob(repo, job(uniqueNumber(), otherRun, 1, RunStatus.COMPLETED, RunConclusion.SUCCESS, OLD));

    Instant cutoff = OLD.plus(java.time.Duration.ofDays(1));
    assertThat(store().purgeOrphanJobsBefore(cutoff, 1)).isEqualTo(1);
    assertThat(store().purgeOrphanJobsBefore(cutoff, 1)).isEqualTo(1);
    assertThat(store().purgeOrphanJobsBefore(cutoff, 1)).isZero();

    assertThat(store().jobs(repo, runId, 1)).containsExactly(recent);
    assertThat(store().jobs(repo, otherRun, 1)).as("a stored run's jobs go with the run, not before").hasSize(1);
  }

  /** A completed run last changed at {@code at}, with one job. */
  private void storeRun(RepositoryId repo, long runId, RunConclusion conclusion, Instant at) {
    RunSnapshot snapshot = snapshot(runId, 1, RunStatus.COMPLETED, conclusion, at, at);
    store().upsert(new WorkflowRun(repo, Provider.GITHUB, snapshot, at));
    store().upsertJob(repo, job(uniqueNumber(), runId, 1, RunStatus.COMPLETED, conclusion, at));
  }
}
