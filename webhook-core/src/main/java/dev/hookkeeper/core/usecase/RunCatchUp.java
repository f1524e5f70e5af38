package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.ingest.CatchUpPayload;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DomainEvent.WorkflowRunChanged;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.ProviderRunsApi;
import dev.hookkeeper.core.usecase.ReconcileReport.FindingKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Catches up runs whose deliveries are lost for good — older than the provider's delivery log, or
 * never attempted because the hook was missing or disabled — from the provider's runs API (GitHub
 * Actions runs, GitLab pipelines). Each run state we do not know yet is stored in the inbox as a
 * caught-up delivery ({@code source: catch_up}) and applied by the processors through the same
 * effects as a live delivery, so run state, incidents and notifications follow the same rules,
 * exactly once. They are stored one at a time, oldest run first: the inbox applies them in that
 * order, so a failure comes before the run that fixed it.
 */
final class RunCatchUp {
  /** Runs that changed a little before the start are listed again: a run can straddle it. */
  static final Duration OVERLAP = Duration.ofMinutes(10);

  private static final Comparator<WorkflowRunChanged> OLDEST_FIRST =
      Comparator.comparing((WorkflowRunChanged c) -> c.run().runCreatedAt())
          .thenComparingLong(c -> c.run().providerRunId())
          .thenComparingInt(c -> c.run().attempt())
          .thenComparing(c -> c.run().updatedAt());

  private final Ports ports;
  private final Providers providers;
  private final Runnable wakeProcessors;

  RunCatchUp(Ports ports, Providers providers, Runnable wakeProcessors) {
    this.ports = ports;
    this.providers = providers;
    this.wakeProcessors = wakeProcessors;
  }

  /** The provider's name of the run event a caught-up run stands for. */
  static String runEvent(Provider provider) {
    return provider == Provider.GITHUB ? "workflow_run" : "Pipeline Hook";
  }

  /**
   * Stores the runs that changed since {@code since} (before {@code until}, when not {@code null}:
   * later ones have their deliveries in the provider's log) and whose state is new to us. Returns
   * how many it stored.
   */
  int catchUp(ReconcileRun run, Instant since, Instant until, String why) {
    Optional<ProviderRunsApi> runsApi = providers.runs(run.hook.provider());
    if (runsApi.isEmpty()) return 0;
    // runs from before the hook existed are not the connection's business (to the second: GitLab's
    // run times have no fraction, and a run created in the hook's second must not be left out)
    Instant overlapped = since.minus(OVERLAP);
    Instant created = run.hook.createdAt().truncatedTo(ChronoUnit.SECONDS);
    Instant from = overlapped.isBefore(created) ? created : overlapped;
    List<WorkflowRunChanged> missed = new ArrayList<>();
    String cursor = null;
    do {
      String page = cursor;
      ProviderResult<Page<WorkflowRunChanged>> listed =
          run.call(() -> runsApi.get().listRuns(run.token, run.ref(), from, page));
      if (!listed.isOk()) {
        run.incomplete(listed.failure());
        break;
      }
      for (WorkflowRunChanged changed : listed.value().items()) {
        if (changed.run().updatedAt().isBefore(from)) continue;
        if (until != null && !changed.run().updatedAt().isBefore(until)) continue;
        if (isNew(run, changed.run())) missed.add(changed);
      }
      cursor = listed.value().nextCursor();
    } while (cursor != null);
    missed.sort(OLDEST_FIRST);
    int stored = 0;
    try {
      for (WorkflowRunChanged changed : missed) {
        List<JobResult> jobs = changed.jobs();
        if (jobs.isEmpty() && changed.run().isCompletedFailure()) {
          // GitHub's run carries no jobs (they travel in workflow_job): read them for the
          // incident's detail
          ProviderResult<List<JobResult>> listed =
              run.call(
                  () ->
                      runsApi.get().listJobs(run.token, run.ref(), changed.run().providerRunId()));
          if (listed.isOk()) jobs = listed.value();
        }
        RunSnapshot snapshot = changed.run();
        Delivery d =
            Delivery.caughtUp(
                ports.ids().newId("dlv"),
                run.hook.provider(),
                run.hook.id(),
                run.repo.id(),
                CatchUpPayload.deliveryId(snapshot),
                runEvent(run.hook.provider()),
                CatchUpPayload.encode(run.ref(), new WorkflowRunChanged(snapshot, jobs)),
                ports.clock().instant());
        if (ports.inbox().append(List.of(d))[0]) stored++;
      }
    } finally {
      if (stored > 0) {
        run.caughtUp += stored;
        run.found(
            FindingKind.RUNS_MISSED,
            stored
                + " run update(s) never delivered ("
                + why
                + "); caught up from the"
                + " provider's runs API");
        wakeProcessors.run();
      }
    }
    return stored;
  }

  private boolean isNew(ReconcileRun run, RunSnapshot snapshot) {
    Optional<WorkflowRun> known =
        ports.runs().find(run.repo.id(), snapshot.providerRunId(), snapshot.attempt());
    return known.isEmpty() || WorkflowRun.supersedes(snapshot, known.get().snapshot());
  }
}
