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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link IncidentStore} must do: one open incident per (connection, workflow, branch). */
public abstract class IncidentStoreContract extends StoreContractSupport {
  private static final String WORKFLOW = "161335";

  private IncidentStore store() {
    return stores().incidents();
  }

  private Connection connection() {
    return newConnection(newUser(), newRepository());
  }

  private static IncidentOccurrence occurrence(long runId, int attempt, Instant runCreatedAt) {
    return new IncidentOccurrence(runId, attempt, runId % 1000, "6dcb09b5b57875f334f61aebed695e2e4193db5e",
        "https://github.com/octo/app/actions/runs/" + runId, RunConclusion.FAILURE, runCreatedAt,
        runCreatedAt.plusSeconds(60));
  }

  private static NewFailure failure(Connection c, String workflow, String branch, IncidentOccurrence occurrence) {
    return new NewFailure(new IncidentId(uniqueId("inc")), c.userId(), c.id(), c.repositoryId(), workflow, "CI",
        branch, occurrence, occurrence.occurredAt());
  }

  private static RunRef success(long runId, Instant runCreatedAt) {
    return new RunRef(runId, 1, "https://github.com/octo/app/actions/runs/" + runId, runCreatedAt);
  }

  @Test
  void a_first_failure_opens_an_incident() {
    Connection c = connection();
    NewFailure failure = failure(c, WORKFLOW, "main", occurrence(uniqueNumber(), 1, t(0)));

    FailureRecorded recorded = store().recordFailure(failure);

    assertThat(recorded.outcome()).isEqualTo(Outcome.OPENED);
    Incident expected = new Incident(failure.newId(), c.userId(), c.id(), c.repositoryId(), WORKFLOW, "CI", "main",
        IncidentStatus.OPEN, failure.at(), null, null, List.of(failure.occurrence()));
    assertThat(recorded.incident()).isEqualTo(expected);
    assertThat(store().find(c.userId(), failure.newId())).contains(expected);
    assertThat(store().find(newUser().id(), failure.newId())).as("another user's").isEmpty();
  }

  @Test
  void further_failures_add_occurrences_and_a_repeat_changes_nothing() {
    Connection c = connection();
    long runA = uniqueNumber();
    IncidentId opened = store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runA, 1, t(0)))).incident().id();

    FailureRecorded second = store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runA + 1, 1, t(10))));
    FailureRecorded retry = store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runA, 2, t(20))));
    FailureRecorded repeat = store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runA + 1, 1, t(10))));

    assertThat(second.outcome()).isEqualTo(Outcome.OCCURRENCE_ADDED);
    assertThat(retry.outcome()).isEqualTo(Outcome.OCCURRENCE_ADDED);
    assertThat(repeat.outcome()).isEqualTo(Outcome.ALREADY_RECORDED);
    assertThat(List.of(second, retry, repeat)).extracting(r -> r.incident().id()).containsOnly(opened);
    Incident stored = store().find(c.userId(), opened).orElseThrow();
    assertThat(stored.occurrences()).extracting(IncidentOccurrence::providerRunId, IncidentOccurrence::attempt)
        .containsExactly(tuple(runA, 1), tuple(runA + 1, 1),
            tuple(runA, 2));
    assertThat(repeat.incident()).isEqualTo(stored);
  }

  @Test
  void recording_a_failure_for_its_opened_incident_answers_only_when_it_opens_one() {
    Connection c = connection();
    long runA = uniqueNumber();
    NewFailure first = failure(c, WORKFLOW, "main", occurrence(runA, 1, t(0)));

    Optional<Incident> opened = store().recordFailureAndGetOpened(first);
    Optional<Incident> added = store().recordFailureAndGetOpened(failure(c, WORKFLOW, "main", occurrence(runA + 1, 1, t(10))));
    Optional<Incident> repeat = store().recordFailureAndGetOpened(failure(c, WORKFLOW, "main", occurrence(runA + 1, 1, t(10))));

    Incident expected = new Incident(first.newId(), c.userId(), c.id(), c.repositoryId(), WORKFLOW, "CI", "main",
        IncidentStatus.OPEN, first.at(), null, null, List.of(first.occurrence()));
    assertThat(opened).contains(expected);
    assertThat(added).isEmpty();
    assertThat(repeat).isEmpty();
    assertThat(store().find(c.userId(), first.newId()).orElseThrow().occurrences())
        .extracting(IncidentOccurrence::providerRunId).containsExactly(runA, runA + 1);
  }

  @Test
  void groups_by_connection_workflow_and_branch() {
    Connection c = connection();
    Connection sameRepoOtherUser = newConnection(newUser(), stores().repositories().find(c.repositoryId()).orElseThrow());
    IncidentOccurrence o = occurrence(uniqueNumber(), 1, t(0));

    List<Outcome> outcomes = List.of(
        store().recordFailure(failure(c, WORKFLOW, "main", o)).outcome(),
        store().recordFailure(failure(c, WORKFLOW, "feature", o)).outcome(),
        store().recordFailure(failure(c, "other-workflow", "main", o)).outcome(),
        store().recordFailure(failure(sameRepoOtherUser, WORKFLOW, "main", o)).outcome());

    assertThat(outcomes).containsOnly(Outcome.OPENED);
    assertThat(store().listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(10)).items()).hasSize(3);
    assertThat(store().listByUser(sameRepoOtherUser.userId(), null, PageRequest.first(10)).items()).hasSize(1);
  }

  @Test
  void a_later_success_resolves_and_the_next_failure_opens_a_new_incident() {
    Connection c = connection();
    long runId = uniqueNumber();
    IncidentId first = store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId, 1, t(0)))).incident().id();
    RunRef fix = success(runId + 1, t(100));

    Incident resolved = store().resolve(c.id(), WORKFLOW, "main", fix, t(200)).orElseThrow();

    assertThat(resolved.id()).isEqualTo(first);
    assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(resolved.resolvedAt()).isEqualTo(t(200));
    assertThat(resolved.resolvedBy()).isEqualTo(fix);
    assertThat(store().find(c.userId(), first)).contains(resolved);
    assertThat(store().resolve(c.id(), WORKFLOW, "main", success(runId + 2, t(300)), t(300))).isEmpty();
    FailureRecorded again = store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 3, 1, t(400))));
    assertThat(again.outcome()).isEqualTo(Outcome.OPENED);
    assertThat(again.incident().id()).isNotEqualTo(first);
  }

  @Test
  void a_success_created_at_the_latest_failure_resolves() {
    Connection c = connection();
    store().recordFailure(failure(c, WORKFLOW, "main", occurrence(uniqueNumber(), 1, t(50))));

    assertThat(store().resolve(c.id(), WORKFLOW, "main", success(uniqueNumber(), t(50)), t(60))).isPresent();
  }

  @Test
  void an_older_success_arriving_late_resolves_nothing() {
    Connection c = connection();
    long runId = uniqueNumber();
    store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId, 1, t(0))));
    store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + 2, 1, t(100))));

    assertThat(store().resolve(c.id(), WORKFLOW, "main", success(runId + 1, t(50)), t(150))).isEmpty();
    assertThat(store().listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(10)).items()).hasSize(1);
  }

  @Test
  void resolves_only_its_own_group() {
    Connection c = connection();
    store().recordFailure(failure(c, WORKFLOW, "main", occurrence(uniqueNumber(), 1, t(0))));

    assertThat(store().resolve(c.id(), WORKFLOW, "feature", success(uniqueNumber(), t(10)), t(10))).isEmpty();
    assertThat(store().resolve(c.id(), "other", "main", success(uniqueNumber(), t(10)), t(10))).isEmpty();
    assertThat(store().resolve(connection().id(), WORKFLOW, "main", success(uniqueNumber(), t(10)), t(10))).isEmpty();
  }

  @Test
  void a_failure_already_counted_does_not_reopen_a_resolved_incident() {
    Connection c = connection();
    IncidentOccurrence o = occurrence(uniqueNumber(), 1, t(0));
    store().recordFailure(failure(c, WORKFLOW, "main", o));
    store().resolve(c.id(), WORKFLOW, "main", success(o.providerRunId() + 1, t(10)), t(20));

    FailureRecorded redelivered = store().recordFailure(failure(c, WORKFLOW, "main", o));

    assertThat(redelivered.outcome()).isEqualTo(Outcome.ALREADY_RECORDED);
    assertThat(store().listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(10)).items()).isEmpty();
  }

  @Test
  void a_late_failure_joins_the_incident_its_next_success_resolved() {
    Connection c = connection();
    long base = uniqueNumber() * 10;
    IncidentOccurrence first = occurrence(base + 1, 1, t(0));
    IncidentOccurrence late = occurrence(base + 2, 1, t(5));
    RunRef fix = success(base + 3, t(10));
    store().recordFailure(failure(c, WORKFLOW, "main", first));
    store().resolve(c.id(), WORKFLOW, "main", fix, t(20));

    assertThat(store().recordLateFailure(failure(c, WORKFLOW, "main", late), fix)).as("joined, none opened").isEmpty();
    assertThat(store().recordLateFailure(failure(c, WORKFLOW, "main", late), fix)).as("counted once").isEmpty();

    List<Incident> all = store().listByUser(c.userId(), null, PageRequest.first(10)).items();
    assertThat(all).singleElement().satisfies(i -> {
      assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED);
      assertThat(i.resolvedBy().providerRunId()).isEqualTo(base + 3);
      assertThat(i.occurrences()).extracting(IncidentOccurrence::providerRunId).containsExactly(base + 1, base + 2);
    });
    // the group counts a run once: a late failure already in an incident is not added again
    assertThat(store().recordLateFailure(failure(c, WORKFLOW, "main", first), success(base + 9, t(30)))).isEmpty();
    assertThat(store().listByUser(c.userId(), null, PageRequest.first(10)).items()).hasSize(1);
  }

  @Test
  void a_late_failure_whose_next_success_resolved_nothing_opens_an_incident_resolved_by_it() {
    Connection c = connection();
    long base = uniqueNumber() * 10;
    RunRef fix = success(base + 5, t(50));
    // a failure after that success is open
    store().recordFailure(failure(c, WORKFLOW, "main", occurrence(base + 6, 1, t(60))));

    NewFailure late = failure(c, WORKFLOW, "main", occurrence(base + 1, 1, t(10)));
    Optional<Incident> opened = store().recordLateFailure(late, fix);

    assertThat(opened).hasValueSatisfying(i -> {
      assertThat(i.id()).isEqualTo(late.newId());
      assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED);
      assertThat(i.resolvedBy().providerRunId()).isEqualTo(base + 5);
      assertThat(i.resolvedAt()).isEqualTo(late.at());
      assertThat(i.occurrences()).extracting(IncidentOccurrence::providerRunId).containsExactly(base + 1);
    });
    assertThat(store().find(c.userId(), late.newId())).contains(opened.get());
    // the open incident of the later failure is untouched
    assertThat(store().listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(10)).items()).singleElement()
        .satisfies(i -> assertThat(i.occurrences()).extracting(IncidentOccurrence::providerRunId)
            .containsExactly(base + 6));
    // another late failure before that success joins the incident just opened
    assertThat(store().recordLateFailure(failure(c, WORKFLOW, "main", occurrence(base + 2, 1, t(20))), fix)).isEmpty();
    assertThat(store().find(c.userId(), late.newId()).orElseThrow().occurrences())
        .extracting(IncidentOccurrence::providerRunId).containsExactly(base + 1, base + 2);
  }

  @Test
  void concurrent_failures_of_one_group_open_exactly_one_incident() {
    Connection c = connection();
    long runId = uniqueNumber();

    List<FailureRecorded> results = concurrently(16, i ->
        store().recordFailure(failure(c, WORKFLOW, "main", occurrence(runId + i, 1, t(i)))));

    assertThat(results).extracting(FailureRecorded::outcome)
        .containsOnlyOnce(Outcome.OPENED)
        .containsOnly(Outcome.OPENED, Outcome.OCCURRENCE_ADDED);
    List<Incident> open = store().listByUser(c.userId(), IncidentStatus.OPEN, PageRequest.first(10)).items();
    assertThat(open).singleElement().satisfies(i -> assertThat(i.occurrences()).hasSize(16));
  }

  @Test
  void concurrent_repeats_of_one_failure_count_once() {
    Connection c = connection();
    IncidentOccurrence o = occurrence(uniqueNumber(), 1, t(0));

    List<FailureRecorded> results = concurrently(16, i -> store().recordFailure(failure(c, WORKFLOW, "main", o)));

    assertThat(results).extracting(FailureRecorded::outcome)
        .containsOnlyOnce(Outcome.OPENED)
        .containsOnly(Outcome.OPENED, Outcome.ALREADY_RECORDED);
    assertThat(store().listByUser(c.userId(), null, PageRequest.first(10)).items())
        .singleElement().satisfies(i -> assertThat(i.occurrences()).hasSize(1));
  }

  @Test
  void lists_a_users_incidents_newest_first_by_status_in_pages() {
    User user = newUser();
    Repository repo = newRepository();
    Connection c = newConnection(user, repo);
    Incident oldest = store().recordFailure(failure(c, "w1", "main", occurrence(uniqueNumber(), 1, t(0)))).incident();
    Incident middle = store().recordFailure(failure(c, "w2", "main", occurrence(uniqueNumber(), 1, t(10)))).incident();
    Incident newest = store().recordFailure(failure(c, "w3", "main", occurrence(uniqueNumber(), 1, t(20)))).incident();
    Incident resolved = store().resolve(c.id(), "w2", "main", success(uniqueNumber(), t(30)), t(40)).orElseThrow();
    store().recordFailure(failure(connection(), "w1", "main", occurrence(uniqueNumber(), 1, t(50))));

    Page<Incident> first = store().listByUser(user.id(), null, PageRequest.first(2));
    Page<Incident> second = store().listByUser(user.id(), null, new PageRequest(first.nextCursor(), 2));

    assertThat(first.items()).containsExactly(newest, resolved);
    assertThat(second.items()).containsExactly(oldest);
    assertThat(second.nextCursor()).isNull();
    assertThat(store().listByUser(user.id(), IncidentStatus.OPEN, PageRequest.first(10)).items())
        .containsExactly(newest, oldest);
    assertThat(store().listByUser(user.id(), IncidentStatus.RESOLVED, PageRequest.first(10)).items())
        .containsExactly(resolved);
    assertThat(middle.id()).isEqualTo(resolved.id());
  }

  @Test
  void rejects_a_malformed_cursor() {
    User user = newUser();

    assertThatThrownBy(() -> store().listByUser(user.id(), null, new PageRequest("not-a-cursor!", 10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deletes_one_connections_incidents_with_their_occurrences() {
    Connection leaving = connection();
    Connection stays = connection();
    FailureRecorded first = store().recordFailure(failure(leaving, WORKFLOW, "main", occurrence(uniqueNumber(), 1, t(0))));
    store().recordFailure(failure(leaving, WORKFLOW, "main", occurrence(uniqueNumber(), 1, t(1))));
    FailureRecorded other = store().recordFailure(failure(leaving, WORKFLOW, "dev", occurrence(uniqueNumber(), 1, t(2))));
    FailureRecorded kept = store().recordFailure(failure(stays, WORKFLOW, "main", occurrence(uniqueNumber(), 1, t(3))));

    assertThat(store().deleteByConnection(leaving.id())).isEqualTo(2);

    assertThat(store().find(leaving.userId(), first.incident().id())).isEmpty();
    assertThat(store().find(leaving.userId(), other.incident().id())).isEmpty();
    assertThat(store().listByUser(leaving.userId(), null, PageRequest.first(10)).items()).isEmpty();
    assertThat(store().find(stays.userId(), kept.incident().id())).contains(kept.incident());
    assertThat(store().deleteByConnection(leaving.id())).isZero();
  }
}
