package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.WorkflowRunStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Workflow runs and jobs. The upsert is one statement whose {@code DO UPDATE … WHERE} is
 * {@link WorkflowRun#supersedes} in SQL (higher status rank, or equal rank and a strictly later
 * provider timestamp): concurrent upserts of one run serialise on its row, and the older state can
 * never overwrite the newer one.
 */
final class JdbiWorkflowRunStore implements WorkflowRunStore {

  private static final String NEWER =
      "EXCLUDED.status_rank > %1$s.status_rank"
          + " OR (EXCLUDED.status_rank = %1$s.status_rank AND EXCLUDED.%2$s > %1$s.%2$s)";

  private final Database db;

  JdbiWorkflowRunStore(Database db) {
    this.db = db;
  }

  private static final String UPSERT =
      "INSERT INTO workflow_runs (repository_id, provider_run_id, attempt, provider,"
          + " workflow_key, workflow_name, run_number, branch, sha, status, status_rank,"
          + " conclusion, url, trigger_event, pull_requests, run_created_at, updated_at, recorded_at)"
          + " VALUES (:repo, :runId, :attempt, :provider, :workflowKey, :workflowName,"
          + " :runNumber, :branch, :sha, :status, :rank, :conclusion, :url, :trigger, :prs,"
          + " :runCreatedAt, :updatedAt, :recordedAt)"
          + " ON CONFLICT (repository_id, provider_run_id, attempt) DO UPDATE SET"
          + " provider = EXCLUDED.provider, workflow_key = EXCLUDED.workflow_key,"
          + " workflow_name = EXCLUDED.workflow_name, run_number = EXCLUDED.run_number,"
          + " branch = EXCLUDED.branch, sha = EXCLUDED.sha, status = EXCLUDED.status,"
          + " status_rank = EXCLUDED.status_rank, conclusion = EXCLUDED.conclusion,"
          + " url = EXCLUDED.url, trigger_event = EXCLUDED.trigger_event,"
          + " pull_requests = EXCLUDED.pull_requests, run_created_at = EXCLUDED.run_created_at,"
          + " updated_at = EXCLUDED.updated_at, recorded_at = EXCLUDED.recorded_at"
          + " WHERE " + String.format(NEWER, "workflow_runs", "updated_at");

  @Override
  public UpsertOutcome upsert(WorkflowRun run) {
    Objects.requireNonNull(run, "run == null");
    // xmax = 0 only on a freshly inserted row version; no row returned means the WHERE said stale
    Optional<Boolean> inserted =
        db.withHandle(
            h -> bind(h.createQuery(UPSERT + " RETURNING (xmax = 0) AS inserted"), run)
                .mapTo(Boolean.class)
                .findOne());
    if (inserted.isEmpty()) return UpsertOutcome.STALE;
    return inserted.get() ? UpsertOutcome.INSERTED : UpsertOutcome.UPDATED;
  }

  /**
   * One JDBC batch (one round trip), statements in list order, so a later row sees an earlier
   * one's upsert. Each statement returns its own list index when it wrote, which maps the
   * returned rows back to the runs without relying on how the driver splits them.
   */
  @Override
  public List<UpsertOutcome> upsertAll(List<WorkflowRun> runs) {
    Objects.requireNonNull(runs, "runs == null");
    if (runs.size() <= 1) return runs.isEmpty() ? List.of() : List.of(upsert(runs.get(0)));
    Map<Integer, Boolean> written =
        db.withHandle(
            h -> {
              PreparedBatch batch = h.prepareBatch(UPSERT + " RETURNING CAST(:idx AS integer) AS idx, (xmax = 0) AS inserted");
              for (int i = 0; i < runs.size(); i++) bind(batch, runs.get(i)).bind("idx", i).add();
              Map<Integer, Boolean> rows = new HashMap<>();
              batch.executePreparedBatch("idx", "inserted")
                  .map((rs, ctx) -> Map.entry(rs.getInt("idx"), rs.getBoolean("inserted")))
                  .forEach(e -> rows.put(e.getKey(), e.getValue()));
              return rows;
            });
    List<UpsertOutcome> outcomes = new ArrayList<>(runs.size());
    for (int i = 0; i < runs.size(); i++) {
      Boolean inserted = written.get(i);
      outcomes.add(inserted == null ? UpsertOutcome.STALE : inserted ? UpsertOutcome.INSERTED : UpsertOutcome.UPDATED);
    }
    return outcomes;
  }

  private static <S extends SqlStatement<S>> S bind(S statement, WorkflowRun run) {
    RunSnapshot s = run.snapshot();
    return statement
        .bind("repo", run.repositoryId().value())
        .bind("runId", s.providerRunId())
        .bind("attempt", s.attempt())
        .bind("provider", run.provider().id())
        .bind("workflowKey", s.workflowKey())
        .bind("workflowName", s.workflowName())
        .bind("runNumber", s.runNumber())
        .bind("branch", s.branch())
        .bind("sha", s.sha())
        .bind("status", Sql.enumName(s.status()))
        .bind("rank", (short) s.status().rank())
        .bind("conclusion", Sql.enumName(s.conclusion()))
        .bind("url", s.url())
        .bind("trigger", s.triggerEvent())
        .bindArray("prs", Long.class, s.pullRequests())
        .bind("runCreatedAt", Sql.ts(s.runCreatedAt()))
        .bind("updatedAt", Sql.ts(s.updatedAt()))
        .bind("recordedAt", Sql.ts(run.recordedAt()));
  }

  @Override
  public void upsertJob(RepositoryId repositoryId, JobResult job) {
    Objects.requireNonNull(repositoryId, "repositoryId == null");
    Objects.requireNonNull(job, "job == null");
    db.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO workflow_jobs (repository_id, job_id, provider_run_id, run_attempt, name,"
                        + " status, status_rank, conclusion, failure_reason, failed_steps, url, completed_at)"
                        + " VALUES (:repo, :jobId, :runId, :attempt, :name, :status, :rank, :conclusion,"
                        + " :failureReason, :failedSteps, :url, :completedAt)"
                        + " ON CONFLICT (repository_id, job_id) DO UPDATE SET"
                        + " provider_run_id = EXCLUDED.provider_run_id, run_attempt = EXCLUDED.run_attempt,"
                        + " name = EXCLUDED.name, status = EXCLUDED.status, status_rank = EXCLUDED.status_rank,"
                        + " conclusion = EXCLUDED.conclusion, failure_reason = EXCLUDED.failure_reason,"
                        + " failed_steps = EXCLUDED.failed_steps, url = EXCLUDED.url,"
                        + " completed_at = EXCLUDED.completed_at, recorded_at = now()"
                        + " WHERE " + String.format(NEWER, "workflow_jobs", "completed_at"))
                .bind("repo", repositoryId.value())
                .bind("jobId", job.jobId())
                .bind("runId", job.providerRunId())
                .bind("attempt", job.runAttempt())
                .bind("name", job.name())
                .bind("status", Sql.enumName(job.status()))
                .bind("rank", (short) job.status().rank())
                .bind("conclusion", Sql.enumName(job.conclusion()))
                .bind("failureReason", job.failureReason())
                .bindArray("failedSteps", String.class, job.failedSteps())
                .bind("url", job.url())
                .bind("completedAt", Sql.ts(job.completedAt()))
                .execute());
  }

  @Override
  public List<JobResult> jobs(RepositoryId repositoryId, long providerRunId, int attempt) {
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM workflow_jobs WHERE repository_id = :repo AND provider_run_id = :runId"
                        + " AND run_attempt = :attempt ORDER BY job_id")
                .bind("repo", repositoryId.value())
                .bind("runId", providerRunId)
                .bind("attempt", attempt)
                .map((rs, ctx) -> job(rs))
                .list());
  }

  @Override
  public Optional<WorkflowRun> find(RepositoryId repositoryId, long providerRunId, int attempt) {
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM workflow_runs WHERE repository_id = :repo AND provider_run_id = :runId"
                        + " AND attempt = :attempt")
                .bind("repo", repositoryId.value())
                .bind("runId", providerRunId)
                .bind("attempt", attempt)
                .map((rs, ctx) -> run(rs))
                .findOne());
  }

  @Override
  public Page<WorkflowRun> listByRepository(RepositoryId repositoryId, PageRequest page) {
    Cursor after = page.cursor() == null ? null : Cursor.decode(page.cursor());
    List<WorkflowRun> rows =
        db.withHandle(
            h -> {
              var query =
                  h.createQuery(
                          "SELECT * FROM workflow_runs WHERE repository_id = :repo"
                              + (after == null
                                  ? ""
                                  : " AND (run_created_at, provider_run_id, attempt) < (:at, :runId, :attempt)")
                              + " ORDER BY run_created_at DESC, provider_run_id DESC, attempt DESC LIMIT :limit")
                      .bind("repo", repositoryId.value())
                      .bind("limit", page.limit() + 1);
              if (after != null) {
                query.bind("at", Sql.ts(after.at())).bind("runId", after.number()).bind("attempt", after.attempt());
              }
              return query.map((rs, ctx) -> run(rs)).list();
            });
    return Pages.of(
        rows,
        page.limit(),
        r -> Cursor.of(r.snapshot().runCreatedAt(), r.snapshot().providerRunId(), r.snapshot().attempt()));
  }

  private static WorkflowRun run(ResultSet rs) throws SQLException {
    RunSnapshot snapshot =
        new RunSnapshot(
            rs.getLong("provider_run_id"),
            rs.getInt("attempt"),
            rs.getString("workflow_key"),
            rs.getString("workflow_name"),
            rs.getLong("run_number"),
            rs.getString("branch"),
            rs.getString("sha"),
            Sql.enumValue(RunStatus.class, rs.getString("status")),
            Sql.enumValue(RunConclusion.class, rs.getString("conclusion")),
            rs.getString("url"),
            rs.getString("trigger_event"),
            Sql.instant(rs, "run_created_at"),
            Sql.instant(rs, "updated_at"),
            Sql.bigintArray(rs, "pull_requests"));
    return new WorkflowRun(
        new RepositoryId(rs.getString("repository_id")),
        Sql.provider(rs, "provider"),
        snapshot,
        Sql.instant(rs, "recorded_at"));
  }

  private static JobResult job(ResultSet rs) throws SQLException {
    return new JobResult(
        rs.getLong("job_id"),
        rs.getLong("provider_run_id"),
        rs.getInt("run_attempt"),
        rs.getString("name"),
        Sql.enumValue(RunStatus.class, rs.getString("status")),
        Sql.enumValue(RunConclusion.class, rs.getString("conclusion")),
        rs.getString("failure_reason"),
        Sql.textArray(rs, "failed_steps"),
        rs.getString("url"),
        Sql.instant(rs, "completed_at"));
  }

  /** No incident counts run attempt {@code r} as an occurrence or was resolved by it. */
  private static final String UNREFERENCED =
      " NOT EXISTS (SELECT 1 FROM incident_occurrences o JOIN incidents i ON i.id = o.incident_id"
          + " WHERE o.provider_run_id = %1$s.provider_run_id AND o.attempt = %1$s.%2$s"
          + " AND i.repository_id = %1$s.repository_id)"
          + " AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.repository_id = %1$s.repository_id"
          + " AND i.resolved_by_run_id = %1$s.provider_run_id AND i.resolved_by_attempt = %1$s.%2$s)";

  /**
   * One statement: picks the oldest batch (skipping rows an ingest holds), deletes their jobs and
   * then them.
   */
  @Override
  public int purgeRunsBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be positive");
    return db.withHandle(
        h ->
            h.createQuery(
                    "WITH expired AS (SELECT r.repository_id, r.provider_run_id, r.attempt FROM workflow_runs r"
                        + " WHERE r.recorded_at < :cutoff AND " + String.format(UNREFERENCED, "r", "attempt")
                        + " ORDER BY r.recorded_at LIMIT :batch FOR UPDATE OF r SKIP LOCKED),"
                        + " jobs AS (DELETE FROM workflow_jobs j USING expired e WHERE j.repository_id = e.repository_id"
                        + " AND j.provider_run_id = e.provider_run_id AND j.run_attempt = e.attempt),"
                        + " runs AS (DELETE FROM workflow_runs r USING expired e WHERE r.repository_id = e.repository_id"
                        + " AND r.provider_run_id = e.provider_run_id AND r.attempt = e.attempt RETURNING 1)"
                        + " SELECT count(*) FROM runs")
                .bind("cutoff", Sql.ts(cutoff))
                .bind("batch", batchSize)
                .mapTo(Integer.class)
                .one());
  }

  /** A job's age is its completion, else when it was last stored ({@code recorded_at}). */
  @Override
  public int purgeOrphanJobsBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be positive");
    return db.withHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM workflow_jobs WHERE (repository_id, job_id) IN (SELECT j.repository_id, j.job_id"
                        + " FROM workflow_jobs j WHERE COALESCE(j.completed_at, j.recorded_at) < :cutoff"
                        + " AND NOT EXISTS (SELECT 1 FROM workflow_runs r WHERE r.repository_id = j.repository_id"
                        + " AND r.provider_run_id = j.provider_run_id AND r.attempt = j.run_attempt)"
                        + " AND " + String.format(UNREFERENCED, "j", "run_attempt")
                        + " LIMIT :batch FOR UPDATE OF j SKIP LOCKED)")
                .bind("cutoff", Sql.ts(cutoff))
                .bind("batch", batchSize)
                .execute());
  }
}
