package dev.hookkeeper.core.contract;

import static dev.hookkeeper.core.contract.ProviderContractSupport.assertFailure;
import static dev.hookkeeper.core.contract.ProviderContractSupport.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.DomainEvent.WorkflowRunChanged;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.port.ProviderRunsApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProviderRunsApi} adapter must do: list the runs since a moment, read one, list
 * its jobs, each in the shape its webhook decodes to. That a catch-up run equals the decoded
 * webhook of the same run is checked per adapter against its decoder.
 */
public abstract class ProviderRunsApiContract {
  private ProviderRepoRef repoRef;

  protected abstract ProviderRunsApi api();

  /** The same adapter's hooks port, to look the repository up. */
  protected abstract ProviderHooksApi hooksApi();

  protected abstract ProviderStandIn provider();

  @Test
  void lists_the_runs_since_a_moment_with_their_outcome() {
    provider().fireRun(true);
    provider().advanceClock(Duration.ofMinutes(10));
    Instant since = provider().now();
    provider().advanceClock(Duration.ofMinutes(1));
    provider().fireRun(false);
    provider().advanceClock(Duration.ofMinutes(1));
    provider().fireRun(true);

    List<WorkflowRunChanged> runs = listAll(since);

    assertThat(runs).hasSize(2);
    assertThat(runs).extracting(r -> r.run().conclusion())
        .containsExactlyInAnyOrder(RunConclusion.FAILURE, RunConclusion.SUCCESS);
    assertThat(runs).allSatisfy(r -> {
      assertThat(r.run().status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.run().runCreatedAt()).isAfterOrEqualTo(since.minusSeconds(1));
      assertThat(r.run().attempt()).isEqualTo(1);
      assertThat(r.run().url()).isNotBlank();
    });
    WorkflowRunChanged failed = runs.stream().filter(r -> r.run().conclusion() == RunConclusion.FAILURE).findFirst().orElseThrow();
    if (provider().provider() == Provider.GITLAB) {
      assertThat(failed.jobs()).as("a Pipeline Hook carries its failed builds").singleElement()
          .satisfies(j -> assertThat(j.conclusion()).isEqualTo(RunConclusion.FAILURE));
    } else {
      assertThat(failed.jobs()).as("a workflow_run webhook carries no jobs").isEmpty();
    }
  }

  @Test
  void reads_one_run_as_the_listing_shows_it() {
    provider().fireRun(false);
    WorkflowRunChanged listed = listAll(provider().now().minus(Duration.ofHours(1))).get(0);

    WorkflowRunChanged read = assertOk(api().getRun(provider().adminToken(), repo(), listed.run().providerRunId()));

    assertThat(read).isEqualTo(listed);
  }

  @Test
  void lists_the_jobs_of_a_run() {
    provider().fireRun(false);
    WorkflowRunChanged run = listAll(provider().now().minus(Duration.ofHours(1))).get(0);

    List<JobResult> jobs = assertOk(api().listJobs(provider().adminToken(), repo(), run.run().providerRunId()));

    assertThat(jobs).singleElement().satisfies(j -> {
      assertThat(j.providerRunId()).isEqualTo(run.run().providerRunId());
      assertThat(j.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(j.conclusion()).isEqualTo(RunConclusion.FAILURE);
      assertThat(j.completedAt()).isNotNull();
      assertThat(j.url()).isNotBlank();
    });
  }

  @Test
  void an_unknown_run_is_run_not_found() {
    assertFailure(api().getRun(provider().adminToken(), repo(), 424242L), FailureReason.RUN_NOT_FOUND);
    assertFailure(api().listJobs(provider().adminToken(), repo(), 424242L), FailureReason.RUN_NOT_FOUND);
  }

  @Test
  void nothing_since_now_is_an_empty_page() {
    provider().fireRun(true);
    provider().advanceClock(Duration.ofMinutes(5));

    Page<WorkflowRunChanged> page = assertOk(api().listRuns(provider().adminToken(), repo(), provider().now(), null));

    assertThat(page.items()).isEmpty();
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void rejects_an_invalid_token() {
    assertFailure(api().listRuns(provider().invalidToken(), repo(), provider().now(), null), FailureReason.TOKEN_INVALID);
  }

  protected List<WorkflowRunChanged> listAll(Instant since) {
    List<WorkflowRunChanged> out = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 50; page++) {
      Page<WorkflowRunChanged> p = assertOk(api().listRuns(provider().adminToken(), repo(), since, cursor));
      out.addAll(p.items());
      cursor = p.nextCursor();
      if (cursor == null) return out;
    }
    throw new AssertionError("more than 50 pages of runs");
  }

  protected ProviderRepoRef repo() {
    if (repoRef == null) {
      repoRef = assertOk(hooksApi().getRepository(provider().adminToken(), provider().repositoryFullName())).ref();
    }
    return repoRef;
  }
}
