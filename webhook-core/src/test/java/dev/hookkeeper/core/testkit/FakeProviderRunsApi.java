package dev.hookkeeper.core.testkit;

import static dev.hookkeeper.core.testkit.FakeProviderState.then;

import dev.hookkeeper.core.model.DomainEvent.WorkflowRunChanged;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderRunsApi;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The runs port of a {@link FakeProviderHooksApi}, over the same data and lock, and the control to
 * fire runs: a fired run is listed here and delivered to the repository's subscribed hooks (one
 * job event per job, then the run event), each attempt logged against the receiver's answer.
 */
public final class FakeProviderRunsApi implements ProviderRunsApi {
  static final int PAGE_SIZE = 30;

  private final FakeProviderHooksApi fake;
  private long nextRunId = 700_000;

  FakeProviderRunsApi(FakeProviderHooksApi fake) {
    this.fake = fake;
  }

  /**
   * A completed run of workflow "CI" on the default branch with one job "build", created now, as a
   * webhook of it would decode: on GitHub the run carries no jobs; on GitLab it carries its failed
   * jobs, like a Pipeline Hook's {@code builds[]}.
   */
  public WorkflowRunChanged fireRun(String fullName, boolean success) {
    synchronized (fake) {
      FakeProviderState.Repo repo = fake.state.repository(fullName).orElseThrow();
      long id = nextRunId++;
      Instant now = fake.clock.instant();
      RunConclusion conclusion = success ? RunConclusion.SUCCESS : RunConclusion.FAILURE;
      boolean github = fake.provider() == Provider.GITHUB;
      JobResult job = new JobResult(id * 10, id, 1, "build", RunStatus.COMPLETED, conclusion,
          !success && !github ? "script_failure" : null, !success && github ? List.of("Run tests") : List.of(),
          "https://ci.example.com/" + repo.fullName + "/jobs/" + id * 10, now);
      RunSnapshot run = new RunSnapshot(id, 1, github ? "161335" : "push", "CI", id - 699_999, repo.defaultBranch,
          "0123456789abcdef0123456789abcdef01234567", RunStatus.COMPLETED, conclusion,
          "https://ci.example.com/" + repo.fullName + "/runs/" + id, "push", now, now, List.of());
      WorkflowRunChanged event = new WorkflowRunChanged(run, github || success ? List.of() : List.of(job));
      repo.runs.put(id, new FakeProviderState.FakeRun(event, List.of(job)));
      fake.deliveries.deliver(repo, FakeProviderState.jobEvent(fake.provider()), github ? "workflow_job" : "Job Hook",
          github ? "completed" : null, now);
      fake.deliveries.deliver(repo, FakeProviderState.runEvent(fake.provider()), github ? "workflow_run" : "Pipeline Hook",
          github ? "completed" : null, now);
      return event;
    }
  }

  @Override
  public Provider provider() {
    return fake.provider();
  }

  @Override
  public Optional<RateBudget> rateBudget(Secret token) {
    return fake.rateBudget(token);
  }

  /** GitHub: created at or after {@code since}, newest first; GitLab: updated after it, oldest first. */
  @Override
  public ProviderResult<Page<WorkflowRunChanged>> listRuns(Secret token, ProviderRepoRef repo, Instant since, String cursor) {
    synchronized (fake) {
      return fake.call(Operation.LIST_RUNS, token, repo.fullName(), null,
          () -> fake.state.visible(token, fake.state.repository(repo)).map(v -> {
            boolean github = fake.provider() == Provider.GITHUB;
            List<WorkflowRunChanged> all = new ArrayList<>();
            for (FakeProviderState.FakeRun r : v.repo().runs.values()) {
              RunSnapshot s = r.run().run();
              if (github ? !s.runCreatedAt().isBefore(since) : s.updatedAt().isAfter(since)) all.add(r.run());
            }
            Comparator<WorkflowRunChanged> order = github
                ? Comparator.comparing((WorkflowRunChanged r) -> r.run().runCreatedAt()).thenComparing(r -> r.run().providerRunId()).reversed()
                : Comparator.comparing((WorkflowRunChanged r) -> r.run().updatedAt()).thenComparing(r -> r.run().providerRunId());
            all.sort(order);
            int from = cursor == null ? 0 : Integer.parseInt(cursor);
            int to = Math.min(all.size(), from + PAGE_SIZE);
            return new Page<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
          }));
    }
  }

  @Override
  public ProviderResult<WorkflowRunChanged> getRun(Secret token, ProviderRepoRef repo, long providerRunId) {
    synchronized (fake) {
      return fake.call(Operation.GET_RUN, token, repo.fullName(), null,
          () -> then(fake.state.visible(token, fake.state.repository(repo)), v -> run(v.repo(), providerRunId)
              .map(FakeProviderState.FakeRun::run)));
    }
  }

  @Override
  public ProviderResult<List<JobResult>> listJobs(Secret token, ProviderRepoRef repo, long providerRunId) {
    synchronized (fake) {
      return fake.call(Operation.LIST_JOBS, token, repo.fullName(), null,
          () -> then(fake.state.visible(token, fake.state.repository(repo)), v -> run(v.repo(), providerRunId)
              .map(r -> r.jobs().stream().sorted(Comparator.comparingLong(JobResult::jobId)).toList())));
    }
  }

  private static ProviderResult<FakeProviderState.FakeRun> run(FakeProviderState.Repo repo, long providerRunId) {
    FakeProviderState.FakeRun run = repo.runs.get(providerRunId);
    return run == null ? ProviderResult.failed(FailureReason.RUN_NOT_FOUND, "Not Found") : ProviderResult.ok(run);
  }
}
