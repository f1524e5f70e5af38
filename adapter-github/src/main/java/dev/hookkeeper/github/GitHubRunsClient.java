package dev.hookkeeper.github;

import static dev.hookkeeper.github.GitHubApi.call;

import dev.hookkeeper.core.model.DomainEvent.WorkflowRunChanged;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderRunsApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * GitHub Actions runs for catch-up ({@code GET /repos/{o}/{r}/actions/runs…}, provider-facts 4.3),
 * mapped by the very functions that decode {@code workflow_run} and {@code workflow_job} webhooks.
 * Obtain it from {@link GitHubHooksClient#runsClient()}. Thread-safe.
 */
public final class GitHubRunsClient implements ProviderRunsApi {
  static final int PER_PAGE = 100;
  /** "Up to 1,000 results for each search" when {@code created} (or another filter) is used. */
  static final int SEARCH_CAP = 1000;
  private static final int MAX_JOB_PAGES = 20;

  private final GitHubApi api;
  private final GitHubRunJson json = new GitHubRunJson();

  GitHubRunsClient(GitHubApi api) {
    this.api = api;
  }

  @Override
  public Provider provider() {
    return Provider.GITHUB;
  }

  @Override
  public Optional<RateBudget> rateBudget(Secret token) {
    return api.budgets.of(token);
  }

  /**
   * {@code created=<since>..*} (or {@code ..<until>} once narrowed), newest first, 100 a page. When
   * GitHub's cap of 1,000 results per query is reached with more left, the next cursor starts a
   * narrower window ending at the oldest run seen, so every run is reached (the boundary run may
   * come twice).
   */
  @Override
  public ProviderResult<Page<WorkflowRunChanged>> listRuns(Secret token, ProviderRepoRef repo, Instant since, String cursor) {
    return call(() -> {
      RunsCursor at = RunsCursor.parse(cursor);
      String window = stamp(since) + ".." + (at.until() == null ? "*" : stamp(at.until()));
      HttpUrl url = api.repoUrl(repo).newBuilder().addPathSegments("actions/runs")
          .addEncodedQueryParameter("created", URLEncoder.encode(window, StandardCharsets.UTF_8))
          .addQueryParameter("per_page", Integer.toString(PER_PAGE))
          .addQueryParameter("page", Integer.toString(at.page())).build();
      ApiResponse r = api.transport.get(token, url);
      if (r.code() != 200) throw api.errors.map(r, GitHubErrorMapper.Target.REPOSITORY);
      GitHubRunJson.Runs page = json.runs(r);
      List<WorkflowRunChanged> items = new ArrayList<>();
      for (RunSnapshot run : page.runs()) items.add(new WorkflowRunChanged(run, List.of()));
      return new Page<>(items, next(at, page, api.nextPage(r) != null));
    });
  }

  private static String next(RunsCursor at, GitHubRunJson.Runs page, boolean linkHasNext) {
    if (page.runs().isEmpty()) return null;
    if (linkHasNext && at.page() * PER_PAGE < SEARCH_CAP) return new RunsCursor(at.page() + 1, at.until()).encode();
    long seen = (long) (at.page() - 1) * PER_PAGE + page.runs().size();
    if (page.totalCount() <= seen) return null;
    Instant oldest = page.runs().get(page.runs().size() - 1).runCreatedAt().truncatedTo(ChronoUnit.SECONDS);
    // more than the cap: go on below the oldest run seen; a window that cannot shrink ends here
    if (oldest.equals(at.until())) return null;
    return new RunsCursor(1, oldest).encode();
  }

  @Override
  public ProviderResult<WorkflowRunChanged> getRun(Secret token, ProviderRepoRef repo, long providerRunId) {
    return call(() -> {
      ApiResponse r = api.transport.get(token, runUrl(repo, providerRunId).build());
      if (r.code() != 200) throw runFailure(token, repo, r);
      return new WorkflowRunChanged(json.run(r), List.of());
    });
  }

  @Override
  public ProviderResult<List<JobResult>> listJobs(Secret token, ProviderRepoRef repo, long providerRunId) {
    return call(() -> {
      List<JobResult> jobs = new ArrayList<>();
      HttpUrl next = runUrl(repo, providerRunId).addPathSegment("jobs").addQueryParameter("filter", "latest")
          .addQueryParameter("per_page", Integer.toString(PER_PAGE)).build();
      for (int page = 0; next != null; page++) {
        if (page == MAX_JOB_PAGES) throw new GitHubCallException(FailureReason.PROVIDER_UNAVAILABLE, "more than " + MAX_JOB_PAGES + " pages of jobs");
        ApiResponse r = api.transport.get(token, next);
        if (r.code() != 200) throw runFailure(token, repo, r);
        jobs.addAll(json.jobs(r));
        next = api.nextPage(r);
      }
      jobs.sort(Comparator.comparingLong(JobResult::jobId));
      return jobs;
    });
  }

  private HttpUrl.Builder runUrl(ProviderRepoRef repo, long providerRunId) throws GitHubCallException {
    if (providerRunId <= 0) throw new GitHubCallException(FailureReason.RUN_NOT_FOUND, "a GitHub run id is positive");
    return api.repoUrl(repo).newBuilder().addPathSegments("actions/runs").addPathSegment(Long.toString(providerRunId));
  }

  private GitHubCallException runFailure(Secret token, ProviderRepoRef repo, ApiResponse r) throws GitHubCallException {
    return api.explainNotFound(token, repo, api.errors.map(r, GitHubErrorMapper.Target.RUN), FailureReason.RUN_NOT_FOUND);
  }

  /** Whole seconds, {@code 2026-01-01T00:00:00Z}: the search syntax's form inside a range (provider-facts 4.3). */
  private static String stamp(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
