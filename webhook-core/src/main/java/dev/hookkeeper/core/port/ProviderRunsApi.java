package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.DomainEvent.WorkflowRunChanged;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import java.time.Instant;
import java.util.List;

/**
 * Catching up on CI runs beyond what hook deliveries can recover: GitHub Actions workflow runs,
 * GitLab pipelines. Every run and job comes back exactly as the webhook of the same state decodes
 * ({@code workflow_run} / {@code Pipeline Hook}, {@code workflow_job} / {@code Job Hook}), so a
 * catch-up update equals the live one and applying both has one effect. Failures common to every
 * call are on {@link ProviderApi}; {@code REPOSITORY_NOT_FOUND} when the token cannot see the
 * repository.
 */
public interface ProviderRunsApi extends ProviderApi {

  /**
   * Runs that may have changed since {@code since}, each with what its run webhook carries (GitHub:
   * no jobs; GitLab: the failed jobs, as a Pipeline Hook's {@code builds[]}).
   *
   * <ul>
   *   <li>GitHub: runs <em>created</em> at or after {@code since} ({@code created=<since>..*}: GitHub
   *       has no "updated since"), newest first. A run created before {@code since} that finished
   *       after it is not listed: re-read unfinished runs you know of with {@link #getRun}. More than
   *       GitHub's 1,000 results per query are paged transparently (the cursor narrows the window).
   *   <li>GitLab: pipelines <em>updated</em> after {@code since}, oldest update first ({@code
   *       order_by=updated_at&sort=asc}). Costs one request per page, one per pipeline for its failed
   *       jobs (a Pipeline Hook carries them even when the pipeline passed) and one more per finished
   *       pipeline (for {@code finished_at}).
   * </ul>
   *
   * Paging is by offset at both providers: a run that changes while you page can appear twice or
   * shift; applying a run twice has no second effect, so overlap your checkpoint rather than trusting
   * a single pass.
   *
   * @param cursor from a previous page, or {@code null}
   */
  ProviderResult<Page<WorkflowRunChanged>> listRuns(Secret token, ProviderRepoRef repo, Instant since, String cursor);

  /**
   * One run's latest attempt (GitHub {@code GET …/actions/runs/{id}}; GitLab {@code GET
   * …/pipelines/:id} plus its failed jobs). {@code RUN_NOT_FOUND} when the repository has no such run.
   */
  ProviderResult<WorkflowRunChanged> getRun(Secret token, ProviderRepoRef repo, long providerRunId);

  /**
   * The jobs of a run's latest attempt (GitHub {@code …/jobs?filter=latest}; GitLab {@code
   * …/pipelines/:id/jobs}, retried jobs left out), each as its job webhook decodes, ordered by job id.
   * {@code RUN_NOT_FOUND} when the repository has no such run.
   */
  ProviderResult<List<JobResult>> listJobs(Secret token, ProviderRepoRef repo, long providerRunId);
}
