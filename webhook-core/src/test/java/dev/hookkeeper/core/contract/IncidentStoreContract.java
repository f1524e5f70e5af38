package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunRef;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.IncidentStore;
import dev.hookkeeper.core.port.IncidentStore.FailureRecorded;
import dev.hookkeeper.core.port.IncidentStore.NewFailure;
import dev.hookkeeper.core.port.IncidentStore.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IncidentStore} must do: one open incident per (connection, workflow, branch).
 */
public abstract class IncidentStoreContract extends StoreContractSupport {
  private static final String WORKFLOW = "161335";

  private IncidentStore store() {
    return stores().incidents();
  }

  private Connection connection() {
    return newConnection(newUser(), newRepository());
  }

  /**
   * A failed attempt; the run number is {@code runId % 1_000_000}, so ids a few apart order alike.
   */
  private static IncidentOccurrence occurrence(long runId, int attempt, Instant runCreatedAt) {
    return occurrence(runId, attempt, runId % 1_000_000, runCreatedAt);
  }

  private static IncidentOccurrence occurrence(
      long runId, int attempt, long runNumber, Instant runCreatedAt) {
    return new IncidentOccurrence(
        runId,
        attempt,
        runNumber,
        "6dcb09b5b57875f334f61aebed695e2e4193db5e",
        "https://github.com/octo/app/actions/runs/" + runId,
        RunConclusion.FAILURE,
        runCreatedAt,
        runCreatedAt.plusSeconds(60));
  }

  private static NewFailure failure(
      Connection c, String workflow, String branch, IncidentOccurrence occurrence) {
    return new NewFailure(
        new IncidentId(uniqueId("inc")),
        c.userId(),
        c.id(),
        c.repositoryId(),
        workflow,
        "CI",
        branch,
        occurrence,
        occurrence.occurredAt());
  }

  private static RunRef success(long runId, Instant runCreatedAt) {
    return success(runId, 1, runCreatedAt);
  }

  private static RunRef success(long runId, int attempt, Instant runCreatedAt) {
    return new RunRef(
        runId,
        attempt,
        runId % 1_000_000,
        "https://github.com/octo/app/actions/runs/" + runId,
        runCreatedAt);
  }

  /**
   * A unique run id whose run number ({@code % 1_000_000}) leaves room for a thousand later runs.
   */
  private static long baseRun() {
    return uniqueNumber() / 1_000_000 * 1_000_000 + 1000;
  }

  @Test
  void a_first_failure_opens_an_incident() {
    Connection c = connection();
    NewFailure failure = failure(c, WORKFLOW, "main", occurrence(baseRun(), 1, t(0)));

    FailureRecorded recorded = store().recordFailure(failure);

    assertThat(recorded.outcome()).isEqualTo(Outcome.OPENED);
    Incident expected =
        new Incident(
            failure.newId(),
            c.userId(),
            c.id(),
            c.repositoryId(),
            WORKFLOW,
            "CI",
            "main",
            IncidentStatus.OPEN,
            failure.at(),
            null,
            null,
            List.of(failure.occurrence()));
    assertThat(recorded.incident()).isEqualTo(expected);
    assertThat(store().find(c.userId(), failure.newId())).contains(expected);
    assertThat(store().find(newUser().id(), failure.newId())).as("another user's").isEmpty();
  }

  @Test
  void further_failures_add_occurrences_and_a_repeat_changes_nothing() {
    Connection c = connection();
    long runA = baseRun();
    IncidentId opened =
        store()
            .recordFailure(failure(c, WORKFLOW, "main", occurrence(runA, 1, t(0))))
            .incident()
            .id();

    FailureRecorded second =
        store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runA + 1, 1, t(10))));
    FailureRecorded retry =
        store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runA, 2, t(20))));
    FailureRecorded repeat =
        store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runA + 1, 1, t(10))));

    assertThat(second.outcome()).isEqualTo(Outcome.OCCURRENCE_ADDED);
    assertThat(retry.outcome()).isEqualTo(Outcome.OCCURRENCE_ADDED);
    assertThat(repeat.outcome()).isEqualTo(Outcome.ALREADY_RECORDED);
    assertThat(List.of(second, retry, repeat))
        .extracting(r -> r.incident().id())
        .containsOnly(opened);
    Incident stored = store().find(c.userId(), opened).orElseThrow();
    assertThat(stored.occurrences())
        .extracting(IncidentOccurrence::providerRunId, IncidentOccurrence::attempt)
        .containsExactly(tuple(runA, 1), tuple(runA + 1, 1), tuple(runA, 2));
    assertThat(repeat.incident()).isEqualTo(stored);
  }

  @Test
  void recording_a_failure_for_its_opened_incident_answers_only_when_it_opens_one() {
    Connection c = connection();
    long runA = baseRun();
    NewFailure first = failure(c, WORKFLOW, "main", occurrence(runA, 1, t(0)));

    Optional<Incident> opened = store().recordFailureAndGetOpened(first);
    Optional<Incident> added =
        store()
            .recordFailureAndGetOpened(
                failure(c, WORKFLOW, "main", occurrence(runA + 1, 1, t(10))));
    Optional<Incident> repeat =
        store()
            .recordFailureAndGetOpened(
                failure(c, WORKFLOW, "main", occurrence(runA + 1, 1, t(10))));

    Incident expected =
        new Incident(
            first.newId(),
            c.userId(),
            c.id(),
            c.repositoryId(),
            WORKFLOW,
            "CI",
            "main",
            IncidentStatus.OPEN,
            first.at(),
            null,
            null,
            List.of(first.occurrence()));
    assertThat(opened).contains(expected);
    assertThat(added).isEmpty();
    assertThat(repeat).isEmpty();
    assertThat(store().find(c.userId(), first.newId()).orElseThrow().occurrences())
        .extracting(IncidentOccurrence::providerRunId)
        .containsExactly(runA, runA + 1);
  }

  @Test
  void groups_by_connection_workflow_and_branch() {
    Connection c = connection();
    Connection sameRepoOtherUser =
        newConnection(newUser(), stores().repositories().find(c.repositoryId()).orElseThrow());
    IncidentOccurrence o = occurrence(baseRun(), 1, t(0));

    List<Outcome> outcomes =
        List.of(
            store().recordFailure(failure(c, WORKFLOW, "main", o)).outcome(),
            store().recordFailure(failure(c, WORKFLOW, "feature", o)).outcome(),
            store().recordFailure(failure(c, "other-workflow", "main", o)).outcome(),
            store().recordFailure(failure(sameRepoOtherUser, WORKFLOW, "main", o)).outcome());

    assertThat(outcomes).containsOnly(Outcome.OPENED);
    assertThat(store().listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(10)).items())
        .hasSize(3);
    assertThat(store().listByUser(sameRepoOtherUser.userId(), null, PageRequest.first(10)).items())
        .hasSize(1);
  }

  @Test
  void a_later_success_resolves_and_the_next_failure_opens_a_new_incident() {
    Connection c = connection();
    long runId = baseRun();
    IncidentId first =
        store()
            .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId, 1, t(0))))
            .incident()
            .id();
    RunRef fix = success(runId + 1, t(100));

    Incident resolved = store().resolve(c.id(), WORKFLOW, "main", fix, t(200)).orElseThrow();

    assertThat(resolved.id()).isEqualTo(first);
    assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(resolved.resolvedAt()).isEqualTo(t(200));
    assertThat(resolved.resolvedBy()).isEqualTo(fix);
    assertThat(store().find(c.userId(), first)).contains(resolved);
    assertThat(store().resolve(c.id(), WORKFLOW, "main", success(runId + 2, t(300)), t(300)))
        .isEmpty();
    FailureRecorded again =
        store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 3, 1, t(400))));
    assertThat(again.outcome()).isEqualTo(Outcome.OPENED);
    assertThat(again.incident().id()).isNotEqualTo(first);
  }

  @Test
  void a_rerun_attempt_that_succeeds_resolves_and_at_the_same_attempt_a_success_wins() {
    Connection c = connection();
    long runId = baseRun();
    store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId, 1, t(50))));

    assertThat(store().resolve(c.id(), WORKFLOW, "main", success(runId, 2, t(50)), t(60)))
        .isPresent();

    Connection d = connection();
    store().recordFailure(failure(d, WORKFLOW, "main", occurrence(runId, 1, t(50))));
    assertThat(store().resolve(d.id(), WORKFLOW, "main", success(runId, 1, t(50)), t(60)))
        .as("a success of the same run attempt (a GitLab pipeline retried to green)")
        .isPresent();
    assertThat(
            store()
                .recordFailure(failure(d, WORKFLOW, "main", occurrence(runId, 1, t(50))))
                .outcome())
        .isEqualTo(Outcome.SUPERSEDED);
  }

  @Test
  void runs_are_ordered_by_run_number_then_attempt_not_by_time() {
    Connection c = connection();
    long runId = baseRun();
    // run 7 was created before run 6 (clocks, queues): the number decides, not the time
    store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 6, 1, t(100))));

    assertThat(store().resolve(c.id(), WORKFLOW, "main", success(runId + 7, 1, t(10)), t(200)))
        .isPresent();
    assertThat(
            store()
                .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 6, 2, t(300))))
                .outcome())
        .as("attempt 2 of run 6 is still older than run 7")
        .isEqualTo(Outcome.SUPERSEDED);
    assertThat(
            store()
                .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 7, 2, t(5))))
                .outcome())
        .as("attempt 2 of run 7 is newer than its attempt 1")
        .isEqualTo(Outcome.OPENED);
  }

  @Test
  void an_older_success_arriving_late_resolves_nothing() {
    Connection c = connection();
    long runId = baseRun();
    store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId, 1, t(0))));
    store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 2, 1, t(100))));

    assertThat(store().resolve(c.id(), WORKFLOW, "main", success(runId + 1, t(50)), t(150)))
        .isEmpty();
    assertThat(store().listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(10)).items())
        .hasSize(1);
  }

  @Test
  void resolves_only_its_own_group() {
    Connection c = connection();
    long runId = baseRun();
    store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId, 1, t(0))));

    assertThat(store().resolve(c.id(), WORKFLOW, "feature", success(runId + 1, t(10)), t(10)))
        .isEmpty();
    assertThat(store().resolve(c.id(), "other", "main", success(runId + 1, t(10)), t(10)))
        .isEmpty();
    assertThat(
            store().resolve(connection().id(), WORKFLOW, "main", success(runId + 1, t(10)), t(10)))
        .isEmpty();
    assertThat(store().listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(10)).items())
        .hasSize(1);
  }

  @Test
  void a_failure_already_counted_does_not_reopen_a_resolved_incident() {
    Connection c = connection();
    IncidentOccurrence o = occurrence(baseRun(), 1, t(0));
    store().recordFailure(failure(c, WORKFLOW, "main", o));
    store().resolve(c.id(), WORKFLOW, "main", success(o.providerRunId() + 1, t(10)), t(20));

    FailureRecorded redelivered = store().recordFailure(failure(c, WORKFLOW, "main", o));

    assertThat(redelivered.outcome()).isEqualTo(Outcome.SUPERSEDED);
    assertThat(redelivered.incident()).isNull();
    assertThat(store().listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(10)).items())
        .isEmpty();
  }

  /**
   * Failures of a batch against groups with an open incident, with a newer success, and new ones,
   * some repeated, for two connections; recorded by {@code recorder}. Returns its answers.
   */
  private List<Optional<Incident>> failuresOfABatch(
      Connection c,
      Connection other,
      long run,
      Function<List<NewFailure>, List<Optional<Incident>>> recorder) {
    store().recordFailure(failure(c, "open", "main", occurrence(run + 1, 1, t(1))));
    store().resolve(c.id(), "green", "main", success(run + 5, t(5)), t(5));
    List<NewFailure> batch =
        List.of(
            failure(c, "open", "main", occurrence(run + 2, 1, t(2))),
            failure(c, "new", "main", occurrence(run + 1, 1, t(1))),
            failure(c, "new", "main", occurrence(run + 3, 1, t(3))),
            failure(c, "new", "main", occurrence(run + 2, 1, t(2))),
            failure(c, "green", "main", occurrence(run + 4, 1, t(4))),
            failure(c, "green", "main", occurrence(run + 6, 1, t(6))),
            failure(c, "new", "main", occurrence(run + 3, 1, t(3))),
            failure(other, "new", "main", occurrence(run + 1, 1, t(1))),
            failure(c, "new", "release", occurrence(run + 1, 2, t(1))));
    return recorder.apply(batch);
  }

  /** A user's incidents without their ids: what two users given the same runs should both have. */
  private List<List<Object>> incidentsOf(Connection c) {
    return store().listByUser(c.userId(), null, PageRequest.first(50)).items().stream()
        .map(i -> List.<Object>of(i.workflowKey(), i.branch(), i.status(), i.occurrences()))
        .sorted(java.util.Comparator.comparing(Object::toString))
        .toList();
  }

  @Test
  void failures_recorded_together_answer_and_leave_what_recording_them_one_by_one_does() {
    long run = baseRun();
    Connection c = connection();
    Connection other =
        newConnection(newUser(), stores().repositories().find(c.repositoryId()).orElseThrow());
    Connection c1 = connection();
    Connection other1 =
        newConnection(newUser(), stores().repositories().find(c1.repositoryId()).orElseThrow());

    List<Optional<Incident>> together =
        failuresOfABatch(c, other, run, store()::recordFailuresAndGetOpened);
    List<Optional<Incident>> oneByOne =
        failuresOfABatch(
            c1, other1, run, fs -> fs.stream().map(store()::recordFailureAndGetOpened).toList());

    assertThat(together)
        .extracting(Optional::isPresent)
        .containsExactly(false, true, false, false, false, true, false, true, true);
    assertThat(together)
        .extracting(o -> o.map(i -> List.of(i.workflowKey(), i.branch(), i.occurrences())))
        .isEqualTo(
            oneByOne.stream()
                .map(o -> o.map(i -> List.of(i.workflowKey(), i.branch(), i.occurrences())))
                .toList());
    assertThat(incidentsOf(c)).isEqualTo(incidentsOf(c1)).hasSize(4);
    assertThat(incidentsOf(other)).isEqualTo(incidentsOf(other1)).hasSize(1);
    Incident opened = together.get(1).orElseThrow();
    assertThat(store().find(c.userId(), opened.id()).orElseThrow().occurrences())
        .extracting(IncidentOccurrence::providerRunId)
        .containsExactly(run + 1, run + 2, run + 3); // oldest first, the repeat once

    // the groups were left as one by one leaves them: the newest failure of "new" is run 3, so an
    // older success resolves nothing and run 3's does; a later failure of "green" joins its
    // incident
    assertThat(store().resolve(c.id(), "new", "main", success(run + 2, t(2)), t(9))).isEmpty();
    assertThat(store().resolve(c.id(), "new", "main", success(run + 3, t(3)), t(9)))
        .hasValueSatisfying(i -> assertThat(i.id()).isEqualTo(opened.id()));
    assertThat(store().recordFailure(failure(c, "green", "main", occurrence(run + 7, 1, t(7)))))
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.OCCURRENCE_ADDED))
        .satisfies(
            r -> assertThat(r.incident().id()).isEqualTo(together.get(5).orElseThrow().id()));
  }

  @Test
  void concurrent_batches_and_single_failures_of_one_group_open_exactly_one_incident() {
    Connection c = connection();
    long runId = baseRun();

    List<Long> opened =
        concurrently(
            12,
            i ->
                i % 2 == 0
                    ? store()
                        .recordFailuresAndGetOpened(
                            List.of(
                                failure(c, WORKFLOW, "main", occurrence(runId + 3 * i, 1, t(i))),
                                failure(
                                    c, WORKFLOW, "other", occurrence(runId + 3 * i + 1, 1, t(i))),
                                failure(
                                    c, WORKFLOW, "main", occurrence(runId + 3 * i + 2, 1, t(i)))))
                        .stream()
                        .filter(Optional::isPresent)
                        .count()
                    : store()
                        .recordFailureAndGetOpened(
                            failure(c, WORKFLOW, "main", occurrence(runId + 3 * i, 1, t(i))))
                        .stream()
                        .count());

    assertThat(opened.stream().mapToLong(Long::longValue).sum())
        .as("incidents opened")
        .isEqualTo(2);
    List<Incident> open =
        store().listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(10)).items();
    assertThat(open).extracting(Incident::branch).containsExactlyInAnyOrder("main", "other");
    assertThat(open)
        .filteredOn(i -> i.branch().equals("main"))
        .singleElement()
        .satisfies(i -> assertThat(i.occurrences()).hasSize(6 * 2 + 6));
    assertThat(open)
        .filteredOn(i -> i.branch().equals("other"))
        .singleElement()
        .satisfies(i -> assertThat(i.occurrences()).hasSize(6));
  }

  @Test
  void concurrent_failures_of_one_group_open_exactly_one_incident() {
    Connection c = connection();
    long runId = baseRun();

    List<FailureRecorded> results =
        concurrently(
            16,
            i ->
                store()
                    .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + i, 1, t(i)))));

    assertThat(results)
        .extracting(FailureRecorded::outcome)
        .containsOnlyOnce(Outcome.OPENED)
        .containsOnly(Outcome.OPENED, Outcome.OCCURRENCE_ADDED);
    List<Incident> open =
        store().listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(10)).items();
    assertThat(open).singleElement().satisfies(i -> assertThat(i.occurrences()).hasSize(16));
  }

  @Test
  void concurrent_repeats_of_one_failure_count_once() {
    Connection c = connection();
    IncidentOccurrence o = occurrence(baseRun(), 1, t(0));

    List<FailureRecorded> results =
        concurrently(16, i -> store().recordFailure(failure(c, WORKFLOW, "main", o)));

    assertThat(results)
        .extracting(FailureRecorded::outcome)
        .containsOnlyOnce(Outcome.OPENED)
        .containsOnly(Outcome.OPENED, Outcome.ALREADY_RECORDED);
    assertThat(store().listByUser(c.userId(), null, PageRequest.first(10)).items())
        .singleElement()
        .satisfies(i -> assertThat(i.occurrences()).hasSize(1));
  }

  @Test
  void an_older_failure_arriving_after_a_newer_success_opens_nothing() {
    Connection c = connection();
    long runId = baseRun();
    assertThat(store().resolve(c.id(), WORKFLOW, "main", success(runId + 2, t(20)), t(30)))
        .isEmpty();

    FailureRecorded late =
        store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 1, 1, t(10))));
    FailureRecorded again =
        store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 1, 1, t(10))));

    assertThat(List.of(late.outcome(), again.outcome())).containsOnly(Outcome.SUPERSEDED);
    assertThat(
            store()
                .recordFailureAndGetOpened(
                    failure(c, WORKFLOW, "main", occurrence(runId + 1, 1, t(10)))))
        .isEmpty();
    assertThat(store().listByUser(c.userId(), null, PageRequest.first(10)).items()).isEmpty();
    FailureRecorded newer =
        store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 3, 1, t(40))));
    assertThat(newer.outcome()).as("a failure newer than the success").isEqualTo(Outcome.OPENED);
  }

  @Test
  void an_older_failure_arriving_after_the_resolution_neither_reopens_nor_opens() {
    Connection c = connection();
    long runId = baseRun();
    IncidentId first =
        store()
            .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 10, 1, t(10))))
            .incident()
            .id();
    Incident resolved =
        store().resolve(c.id(), WORKFLOW, "main", success(runId + 11, t(20)), t(30)).orElseThrow();

    FailureRecorded older =
        store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 9, 1, t(0))));
    FailureRecorded redelivered =
        store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 10, 1, t(10))));

    assertThat(List.of(older.outcome(), redelivered.outcome())).containsOnly(Outcome.SUPERSEDED);
    assertThat(store().listByUser(c.userId(), null, PageRequest.first(10)).items())
        .containsExactly(resolved);
    assertThat(store().find(c.userId(), first)).contains(resolved);
  }

  @Test
  void an_older_failure_while_an_incident_is_open_joins_it_and_an_older_success_resolves_nothing() {
    Connection c = connection();
    long runId = baseRun();
    IncidentId open =
        store()
            .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 12, 1, t(30))))
            .incident()
            .id();

    FailureRecorded older =
        store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 10, 1, t(10))));
    Optional<Incident> byOlderSuccess =
        store().resolve(c.id(), WORKFLOW, "main", success(runId + 11, t(20)), t(40));
    FailureRecorded olderThanThatSuccess =
        store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 9, 1, t(5))));

    assertThat(older.outcome()).isEqualTo(Outcome.OCCURRENCE_ADDED);
    assertThat(byOlderSuccess).isEmpty();
    assertThat(olderThanThatSuccess.outcome()).isEqualTo(Outcome.SUPERSEDED);
    assertThat(store().find(c.userId(), open).orElseThrow().occurrences())
        .extracting(IncidentOccurrence::providerRunId)
        .containsExactly(runId + 10, runId + 12);
    assertThat(store().resolve(c.id(), WORKFLOW, "main", success(runId + 13, t(50)), t(60)))
        .isPresent();
  }

  @Test
  void applying_every_run_again_changes_nothing() {
    Connection c = connection();
    long runId = baseRun();
    List<Runnable> runs =
        List.of(
            () ->
                store()
                    .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 1, 1, t(10)))),
            () ->
                store()
                    .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 2, 1, t(20)))),
            () -> store().resolve(c.id(), WORKFLOW, "main", success(runId + 3, t(30)), t(35)),
            () ->
                store()
                    .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 4, 1, t(40)))));
    runs.forEach(Runnable::run);
    List<Incident> before = store().listByUser(c.userId(), null, PageRequest.first(10)).items();

    List<Outcome> failures =
        List.of(
            store()
                .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 1, 1, t(10))))
                .outcome(),
            store()
                .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 2, 1, t(20))))
                .outcome(),
            store()
                .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 4, 1, t(40))))
                .outcome());
    Optional<Incident> success =
        store().resolve(c.id(), WORKFLOW, "main", success(runId + 3, t(30)), t(99));

    assertThat(failures)
        .containsExactly(Outcome.SUPERSEDED, Outcome.SUPERSEDED, Outcome.ALREADY_RECORDED);
    assertThat(success).isEmpty();
    assertThat(store().listByUser(c.userId(), null, PageRequest.first(10)).items())
        .isEqualTo(before);
    assertThat(before)
        .extracting(Incident::status)
        .containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED);
  }

  /** One completed run attempt of a scenario: number and attempt, and whether it failed. */
  private record Run(int number, int attempt, boolean failed) {}

  @Test
  void whether_an_incident_is_open_does_not_depend_on_the_order_runs_arrive_in() {
    // ends failed: run 5 is the newest; ends green: attempt 2 of run 4 is the newest
    List<Run> endsFailed =
        List.of(
            new Run(1, 1, true),
            new Run(2, 1, false),
            new Run(3, 1, true),
            new Run(3, 2, false),
            new Run(4, 1, true),
            new Run(5, 1, true));
    List<Run> endsGreen =
        List.of(
            new Run(1, 1, true),
            new Run(2, 1, true),
            new Run(2, 2, false),
            new Run(3, 1, true),
            new Run(4, 1, true),
            new Run(4, 2, false));
    Connection c = connection();
    long runId = baseRun();
    java.util.Random random = new Random(10);

    for (int i = 0; i < 24; i++) {
      List<Run> scenario = i % 2 == 0 ? endsFailed : endsGreen;
      // every run twice, as a redelivery would, in a shuffled order
      List<Run> arrivals = new ArrayList<>(scenario);
      arrivals.addAll(scenario);
      Collections.shuffle(arrivals, random);
      String workflow = "wf-" + i;
      for (Run run : arrivals) {
        if (run.failed()) {
          store()
              .recordFailure(
                  failure(
                      c,
                      workflow,
                      "main",
                      occurrence(runId + run.number(), run.attempt(), t(run.number()))));
        } else {
          store()
              .resolve(
                  c.id(),
                  workflow,
                  "main",
                  success(runId + run.number(), run.attempt(), t(run.number())),
                  t(99));
        }
      }

      List<Incident> open =
          store()
              .listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(50))
              .items()
              .stream()
              .filter(inc -> inc.workflowKey().equals(workflow))
              .toList();
      if (scenario == endsFailed) {
        assertThat(open)
            .as("arrivals %s", arrivals)
            .singleElement()
            .satisfies(
                inc ->
                    assertThat(inc.occurrences())
                        .extracting(IncidentOccurrence::providerRunId)
                        .contains(runId + 5));
      } else {
        assertThat(open).as("arrivals %s", arrivals).isEmpty();
      }
    }
  }

  @Test
  void concurrent_failures_and_a_newer_success_leave_nothing_open() {
    Connection c = connection();
    long runId = baseRun();

    concurrently(
        9,
        i -> {
          if (i == 8)
            return store()
                .resolve(c.id(), WORKFLOW, "main", success(runId + 9, t(9)), t(20))
                .isPresent();
          return store()
                  .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 1 + i, 1, t(i))))
              != null;
        });

    assertThat(store().listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(10)).items())
        .isEmpty();
  }

  @Test
  void concurrent_failures_newer_than_a_success_leave_one_incident_open() {
    Connection c = connection();
    long runId = baseRun();

    concurrently(
        9,
        i -> {
          if (i == 8)
            return store()
                .resolve(c.id(), WORKFLOW, "main", success(runId + 1, t(1)), t(20))
                .isPresent();
          return store()
                  .recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 2 + i, 1, t(i))))
              != null;
        });

    assertThat(store().listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(10)).items())
        .singleElement()
        .satisfies(
            inc ->
                assertThat(inc.occurrences())
                    .extracting(IncidentOccurrence::providerRunId)
                    .contains(runId + 9));
  }

  @Test
  void forgets_groups_with_nothing_open_that_nothing_changed_since_the_cutoff() {
    // long before anything the other tests store, so this purge touches only these groups
    Instant old = T0.minus(java.time.Duration.ofDays(1000));
    Connection c = connection();
    long runId = baseRun();
    store().resolve(c.id(), "idle", "main", success(runId + 5, old), old);
    store()
        .recordFailure(
            new NewFailure(
                new IncidentId(uniqueId("inc")),
                c.userId(),
                c.id(),
                c.repositoryId(),
                "open",
                "CI",
                "main",
                occurrence(runId + 1, 1, old),
                old));
    store()
        .resolve(
            c.id(),
            "recent",
            "main",
            success(runId + 5, old),
            old.plus(java.time.Duration.ofDays(10)));
    Instant cutoff = old.plus(java.time.Duration.ofDays(1));

    assertThat(store().purgeIdleGroupsBefore(cutoff, 10)).isEqualTo(1);
    assertThat(store().purgeIdleGroupsBefore(cutoff, 10)).isZero();

    assertThat(
            store()
                .recordFailure(failure(c, "idle", "main", occurrence(runId + 4, 1, old)))
                .outcome())
        .as("the forgotten group's success no longer counts")
        .isEqualTo(Outcome.OPENED);
    assertThat(
            store()
                .recordFailure(failure(c, "recent", "main", occurrence(runId + 4, 1, old)))
                .outcome())
        .as("a kept group still remembers its success")
        .isEqualTo(Outcome.SUPERSEDED);
    assertThat(store().resolve(c.id(), "open", "main", success(runId + 2, old), old))
        .as("a group with an open incident is kept")
        .isPresent();
  }

  @Test
  void lists_a_users_incidents_newest_first_by_status_in_pages() {
    User user = newUser();
    Repository repo = newRepository();
    Connection c = newConnection(user, repo);
    long runId = baseRun();
    Incident oldest =
        store().recordFailure(failure(c, "w1", "main", occurrence(runId, 1, t(0)))).incident();
    Incident middle =
        store().recordFailure(failure(c, "w2", "main", occurrence(runId + 1, 1, t(10)))).incident();
    Incident newest =
        store().recordFailure(failure(c, "w3", "main", occurrence(runId + 2, 1, t(20)))).incident();
    Incident resolved =
        store().resolve(c.id(), "w2", "main", success(runId + 3, t(30)), t(40)).orElseThrow();
    store().recordFailure(failure(connection(), "w1", "main", occurrence(baseRun(), 1, t(50))));

    Page<Incident> first = store().listByUser(user.id(), null, PageRequest.first(2));
    Page<Incident> second =
        store().listByUser(user.id(), null, new PageRequest(first.nextCursor(), 2));

    assertThat(first.items()).containsExactly(newest, resolved);
    assertThat(second.items()).containsExactly(oldest);
    assertThat(second.nextCursor()).isNull();
    assertThat(store().listByUser(user.id(), IncidentStatus.OPEN, PageRequest.first(10)).items())
        .containsExactly(newest, oldest);
    assertThat(
            store().listByUser(user.id(), IncidentStatus.RESOLVED, PageRequest.first(10)).items())
        .containsExactly(resolved);
    assertThat(middle.id()).isEqualTo(resolved.id());
  }

  @Test
  void rejects_a_malformed_cursor() {
    User user = newUser();

    assertThatThrownBy(
            () -> store().listByUser(user.id(), null, new PageRequest("not-a-cursor!", 10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deletes_one_connections_incidents_with_their_occurrences() {
    Connection leaving = connection();
    Connection stays = connection();
    FailureRecorded first =
        store()
            .recordFailure(failure(leaving, WORKFLOW, "main", occurrence(uniqueNumber(), 1, t(0))));
    store().recordFailure(failure(leaving, WORKFLOW, "main", occurrence(uniqueNumber(), 1, t(1))));
    FailureRecorded other =
        store()
            .recordFailure(failure(leaving, WORKFLOW, "dev", occurrence(uniqueNumber(), 1, t(2))));
    FailureRecorded kept =
        store()
            .recordFailure(failure(stays, WORKFLOW, "main", occurrence(uniqueNumber(), 1, t(3))));

    assertThat(store().deleteByConnection(leaving.id())).isEqualTo(2);

    assertThat(store().find(leaving.userId(), first.incident().id())).isEmpty();
    assertThat(store().find(leaving.userId(), other.incident().id())).isEmpty();
    assertThat(store().listByUser(leaving.userId(), null, PageRequest.first(10)).items()).isEmpty();
    assertThat(store().find(stays.userId(), kept.incident().id())).contains(kept.incident());
    assertThat(store().deleteByConnection(leaving.id())).isZero();
  }
}
