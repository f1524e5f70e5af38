package dev.hookkeeper.github;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.port.MalformedPayloadException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Actions REST answers ({@code {total_count, workflow_runs[]}}, {@code {total_count, jobs[]}},
 * one run). Their run and job objects are the webhooks' own, so they bind to the same records and
 * map through {@link GitHubEventReader}'s functions.
 */
final class GitHubRunJson {
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  @JsonIgnoreProperties(ignoreUnknown = true)
  record RunsPage(Long totalCount, List<GitHubPayloads.WorkflowRun> workflowRuns) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JobsPage(Long totalCount, List<GitHubPayloads.WorkflowJob> jobs) {}

  /** One page of a runs listing: GitHub's total and the runs as the core sees them. */
  record Runs(long totalCount, List<RunSnapshot> runs) {}

  private final ObjectReader runsPage = MAPPER.readerFor(RunsPage.class);
  private final ObjectReader jobsPage = MAPPER.readerFor(JobsPage.class);
  private final ObjectReader run = MAPPER.readerFor(GitHubPayloads.WorkflowRun.class);

  Runs runs(ApiResponse r) throws GitHubCallException {
    RunsPage page = bind(runsPage, r);
    List<RunSnapshot> out = new ArrayList<>();
    if (page.workflowRuns() != null) {
      for (GitHubPayloads.WorkflowRun each : page.workflowRuns()) out.add(snapshot(each, r));
    }
    return new Runs(page.totalCount() == null ? out.size() : page.totalCount(), out);
  }

  RunSnapshot run(ApiResponse r) throws GitHubCallException {
    return snapshot(bind(run, r), r);
  }

  List<JobResult> jobs(ApiResponse r) throws GitHubCallException {
    JobsPage page = bind(jobsPage, r);
    List<JobResult> out = new ArrayList<>();
    if (page.jobs() == null) return out;
    try {
      for (GitHubPayloads.WorkflowJob job : page.jobs()) out.add(GitHubEventReader.jobResult(job, null));
    } catch (MalformedPayloadException e) {
      throw invalid(e.getMessage(), r);
    }
    return out;
  }

  private static RunSnapshot snapshot(GitHubPayloads.WorkflowRun run, ApiResponse r) throws GitHubCallException {
    try {
      return GitHubEventReader.runSnapshot(run, null, null);
    } catch (MalformedPayloadException e) {
      throw invalid(e.getMessage(), r);
    }
  }

  private static <T> T bind(ObjectReader reader, ApiResponse r) throws GitHubCallException {
    try {
      T value = reader.readValue(r.body());
      if (value == null) throw invalid("an empty body", r);
      return value;
    } catch (IOException e) {
      throw invalid("a body that is not the expected JSON", r);
    }
  }

  private static GitHubCallException invalid(String what, ApiResponse r) {
    return new GitHubCallException(
        FailureReason.PROVIDER_UNAVAILABLE, "GitHub answered " + r.code() + " with " + what + " (" + r.url().encodedPath() + ")");
  }
}
