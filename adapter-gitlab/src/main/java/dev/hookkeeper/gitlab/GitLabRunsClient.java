package dev.hookkeeper.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.core.model.DomainEvent.WorkflowRunChanged;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.MalformedPayloadException;
import dev.hookkeeper.core.port.ProviderRunsApi;
import dev.hookkeeper.gitlab.GitLabErrors.NotFound;
import dev.hookkeeper.gitlab.GitLabHttp.Reply;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * GitLab pipelines for catch-up ({@code GET /projects/:id/pipelines…}, provider-facts 4.4), mapped
 * by the very functions that decode Pipeline Hooks and Job Hooks. Obtain it from {@link
 * GitLabHooksClient#runsClient()}. Thread-safe.
 */
public final class GitLabRunsClient implements ProviderRunsApi {
  static final int PER_PAGE = 100;
  private static final int MAX_JOB_PAGES = 20;

  private final GitLabHttp http;
  private final GitLabProjects projects;

  GitLabRunsClient(GitLabHttp http, GitLabProjects projects) {
    this.http = http;
    this.projects = projects;
  }

  @Override
  public Provider provider() {
    return Provider.GITLAB;
  }

  @Override
  public Optional<RateBudget> rateBudget(Secret token) {
    return http.budgets().of(token);
  }

  /**
   * {@code updated_after=<since>&order_by=updated_at&sort=asc&per_page=100&page=<cursor>}, paged by
   * {@code X-Next-Page} (present even above 10,000 rows, where {@code X-Total} is not). Each
   * pipeline's failed jobs are read (a Pipeline Hook carries them), and a finished pipeline once
   * more for {@code finished_at}, which list items lack.
   */
  @Override
  public ProviderResult<Page<WorkflowRunChanged>> listRuns(Secret token, ProviderRepoRef repo, Instant since, String cursor) {
    String page = cursor == null ? "1" : cursor;
    if (!page.matches("[1-9][0-9]{0,6}")) return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "not a page GitLab gave");
    return projects.withProject(token, repo, project -> {
      HttpUrl url = pipelines(project).addQueryParameter("updated_after", since.truncatedTo(ChronoUnit.MILLIS).toString())
          .addQueryParameter("order_by", "updated_at").addQueryParameter("sort", "asc")
          .addQueryParameter("per_page", Integer.toString(PER_PAGE)).addQueryParameter("page", page).build();
      ProviderResult<Reply> sent = get(token, url, NotFound.REPOSITORY);
      if (!sent.isOk()) return ProviderResult.failed(sent.failure());
      List<WorkflowRunChanged> runs = new ArrayList<>();
      for (JsonNode item : sent.value().json()) {
        ProviderResult<WorkflowRunChanged> run = GitLabPipelineJson.finished(item)
            ? read(token, project, item.path("id").asLong(0))
            : withFailedJobs(token, project, item);
        if (!run.isOk()) return ProviderResult.failed(run.failure());
        runs.add(run.value());
      }
      String next = sent.value().nextPage();
      return ProviderResult.ok(new Page<>(runs, next.isEmpty() ? null : next));
    });
  }

  @Override
  public ProviderResult<WorkflowRunChanged> getRun(Secret token, ProviderRepoRef repo, long providerRunId) {
    return projects.withProject(token, repo, project -> read(token, project, providerRunId));
  }

  @Override
  public ProviderResult<List<JobResult>> listJobs(Secret token, ProviderRepoRef repo, long providerRunId) {
    return projects.withProject(token, repo, project -> jobs(token, project, providerRunId, false).map(all -> {
      List<JobResult> out = new ArrayList<>();
      for (JsonNode job : all) out.add(GitLabPipelineJson.job(job));
      return GitLabPayloads.byJobId(out);
    }));
  }

  /** The pipeline with {@code finished_at}, and its failed jobs. */
  private ProviderResult<WorkflowRunChanged> read(Secret token, String project, long pipelineId) {
    if (pipelineId <= 0) return ProviderResult.failed(FailureReason.RUN_NOT_FOUND, "a GitLab pipeline id is positive");
    ProviderResult<Reply> sent = get(token, pipelines(project).addPathSegment(Long.toString(pipelineId)).build(), NotFound.RUN);
    if (!sent.isOk()) return ProviderResult.failed(sent.failure());
    return withFailedJobs(token, project, sent.value().json());
  }

  /**
   * A Pipeline Hook lists every build, and the failed ones travel with the run even when the
   * pipeline passed (a job allowed to fail); so they are read for every pipeline, not only failed ones.
   */
  private ProviderResult<WorkflowRunChanged> withFailedJobs(Secret token, String project, JsonNode pipeline) {
    ProviderResult<List<JsonNode>> failedJobs = jobs(token, project, pipeline.path("id").asLong(0), true);
    if (!failedJobs.isOk()) return ProviderResult.failed(failedJobs.failure());
    return mapped(pipeline, GitLabHttp.MAPPER.valueToTree(failedJobs.value()));
  }

  private ProviderResult<List<JsonNode>> jobs(Secret token, String project, long pipelineId, boolean failedOnly) {
    List<JsonNode> all = new ArrayList<>();
    String page = "1";
    for (int i = 0; !page.isEmpty(); i++) {
      if (i == MAX_JOB_PAGES) return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "more than " + MAX_JOB_PAGES + " pages of jobs");
      HttpUrl.Builder url = pipelines(project).addPathSegment(Long.toString(pipelineId)).addPathSegment("jobs")
          .addQueryParameter("per_page", Integer.toString(PER_PAGE)).addQueryParameter("page", page);
      if (failedOnly) url.addQueryParameter("scope[]", "failed");
      ProviderResult<Reply> sent = get(token, url.build(), NotFound.RUN);
      if (!sent.isOk()) return ProviderResult.failed(sent.failure());
      sent.value().json().forEach(all::add);
      page = sent.value().nextPage();
    }
    return ProviderResult.ok(all);
  }

  private static ProviderResult<WorkflowRunChanged> mapped(JsonNode pipeline, JsonNode failedJobs) {
    try {
      return ProviderResult.ok(GitLabPipelineJson.pipeline(pipeline, failedJobs));
    } catch (MalformedPayloadException e) {
      return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "unexpected GitLab answer: " + e.getMessage());
    }
  }

  private ProviderResult<Reply> get(Secret token, HttpUrl url, NotFound notFound) {
    ProviderResult<Reply> sent = http.send(token, "GET", url, null, true);
    if (!sent.isOk()) return sent;
    if (!sent.value().ok()) return ProviderResult.failed(GitLabErrors.map(sent.value(), notFound, token));
    return sent;
  }

  private HttpUrl.Builder pipelines(String project) {
    return http.api().addPathSegment("projects").addPathSegment(project).addPathSegment("pipelines");
  }
}
