package dev.hookkeeper.core.usecase;

import static dev.hookkeeper.core.usecase.UseCaseFixture.T0;
import static dev.hookkeeper.core.usecase.UseCaseFixture.failed;
import static dev.hookkeeper.core.usecase.UseCaseFixture.run;
import static dev.hookkeeper.core.usecase.UseCaseFixture.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.ingest.IngestResult;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.testkit.ScriptedInboundDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncidentLifecycleTest {
  private final UseCaseFixture f = new UseCaseFixture();
  private UserId alice;
  private UserId bob;

  @BeforeEach
  void alice_and_bob_share_the_repository() {
    alice = f.user("alice", AccessLevel.ADMIN);
    bob = f.user("bob", AccessLevel.ADMIN);
    f.connect(alice);
    f.connect(bob);
    f.activate();
  }

  /** The user's incidents with {@code status} ({@code null} for both), first page. */
  private List<Incident> incidents(UserId user, IncidentStatus status) {
    return f.useCases.listIncidents().list(user, status, PageRequest.first(10)).items();
  }

  @Test
  void both_users_on_a_repository_get_the_incident() {
    f.deliver("workflow_run", failed(1001, T0));

    for (UserId user : List.of(alice, bob)) {
      List<Incident> open = incidents(user, IncidentStatus.OPEN);
      assertThat(open)
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.userId()).isEqualTo(user);
                assertThat(i.workflowKey()).isEqualTo("ci-42");
                assertThat(i.branch()).isEqualTo("main");
                assertThat(i.occurrences())
                    .extracting(o -> o.providerRunId())
                    .containsExactly(1001L);
              });
    }
    List<Notification> opened =
        f.stores.notifier().drain().stream()
            .filter(n -> n.type() == NotificationType.INCIDENT_OPENED)
            .toList();
    assertThat(opened).extracting(Notification::userId).containsExactlyInAnyOrder(alice, bob);
  }

  @Test
  void a_third_user_sees_nothing_of_theirs() {
    UserId eve = f.user("eve", AccessLevel.ADMIN);
    f.deliver("workflow_run", failed(1001, T0));
    Incident alices = incidents(alice, null).get(0);

    assertThat(incidents(eve, null)).isEmpty();
    assertThat(f.useCases.getIncident().get(eve, alices.id())).isEmpty();
    assertThat(f.useCases.listDeliveries().list(eve, f.connectionOf(alice), PageRequest.first(10)))
        .isEmpty();
    assertThat(f.useCases.getHookStatus().status(eve, f.connectionOf(alice))).isEmpty();
    assertThat(f.useCases.catchUpNotifications().after(eve, 0, 100)).isEmpty();
  }

  @Test
  void a_further_failure_adds_an_occurrence_and_the_next_success_resolves_naming_the_run() {
    f.deliver("workflow_run", failed(1001, T0));
    f.deliver("workflow_run", failed(1002, T0.plusSeconds(60)));
    List<Incident> open = incidents(alice, IncidentStatus.OPEN);
    assertThat(open).singleElement().satisfies(i -> assertThat(i.occurrences()).hasSize(2));
    f.stores.notifier().drain();

    f.deliver("workflow_run", succeeded(1003, T0.plusSeconds(120)));

    assertThat(incidents(alice, IncidentStatus.OPEN)).isEmpty();
    Incident resolved = incidents(alice, IncidentStatus.RESOLVED).get(0);
    assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(resolved.resolvedBy().providerRunId()).isEqualTo(1003);
    assertThat(resolved.resolvedAt()).isNotNull();
    assertThat(f.stores.notifier().drain())
        .filteredOn(n -> n.type() == NotificationType.INCIDENT_RESOLVED)
        .extracting(Notification::userId)
        .containsExactlyInAnyOrder(alice, bob);

    // a new failure after that opens a new incident
    f.deliver("workflow_run", failed(1004, T0.plusSeconds(180)));
    assertThat(incidents(alice, IncidentStatus.OPEN)).hasSize(1);
  }

  @Test
  void a_rerun_attempt_that_succeeds_resolves_the_incident() {
    f.deliver("workflow_run", failed(1001, T0));

    f.deliver(
        "workflow_run",
        new DomainEvent.WorkflowRunChanged(
            run(1001, 2, RunStatus.COMPLETED, RunConclusion.SUCCESS, T0, T0.plusSeconds(300)),
            List.of()));

    assertThat(incidents(alice, IncidentStatus.OPEN)).isEmpty();
  }

  @Test
  void an_old_success_arriving_late_resolves_nothing() {
    f.deliver("workflow_run", failed(1002, T0.plusSeconds(60)));

    f.deliver("workflow_run", succeeded(1001, T0));

    assertThat(incidents(alice, IncidentStatus.OPEN)).hasSize(1);
  }

  @Test
  void an_older_failure_delivered_after_a_newer_success_is_recorded_on_its_run_and_opens_nothing() {
    String successId = "d-success";
    String failureId = "d-late-failure";
    f.deliver(successId, "workflow_run", succeeded(1002, T0.plusSeconds(60)));

    IngestResult late = f.deliver(failureId, "workflow_run", failed(1001, T0));
    IngestResult redelivered = f.deliver(failureId, "workflow_run", failed(1001, T0));
    IngestResult replayed = f.deliver("d-replayed-failure", "workflow_run", failed(1001, T0));
    f.deliver(successId, "workflow_run", succeeded(1002, T0.plusSeconds(60)));

    assertThat(late).isInstanceOf(IngestResult.Accepted.class);
    assertThat(redelivered).isInstanceOf(IngestResult.Duplicate.class);
    assertThat(replayed).isInstanceOf(IngestResult.Accepted.class);
    assertThat(
            f.stores
                .runs()
                .find(f.repository().id(), 1001, 1)
                .orElseThrow()
                .snapshot()
                .conclusion())
        .isEqualTo(RunConclusion.FAILURE);
    for (UserId user : List.of(alice, bob)) {
      assertThat(incidents(user, null)).isEmpty();
    }
    assertThat(f.stores.notifier().drain())
        .extracting(Notification::type)
        .doesNotContain(NotificationType.INCIDENT_OPENED, NotificationType.INCIDENT_RESOLVED);
  }

  @Test
  void a_failure_then_a_newer_success_resolve_and_redeliveries_of_either_change_nothing() {
    f.deliver("d-failure", "workflow_run", failed(1001, T0));
    f.deliver("d-success", "workflow_run", succeeded(1002, T0.plusSeconds(60)));
    f.stores.notifier().drain();
    Incident resolved = incidents(alice, null).get(0);
    assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);

    f.deliver("d-failure", "workflow_run", failed(1001, T0));
    f.deliver("d-failure-again", "workflow_run", failed(1001, T0));
    f.deliver("d-success", "workflow_run", succeeded(1002, T0.plusSeconds(60)));
    f.deliver("d-success-again", "workflow_run", succeeded(1002, T0.plusSeconds(60)));
    // an even older failure, delivered last (a manual redelivery from the provider's log)
    f.deliver("d-oldest", "workflow_run", failed(1000, T0.minusSeconds(60)));

    assertThat(incidents(alice, null)).containsExactly(resolved);
    assertThat(f.stores.notifier().drain())
        .extracting(Notification::type)
        .doesNotContain(NotificationType.INCIDENT_OPENED, NotificationType.INCIDENT_RESOLVED);
  }

  @Test
  void runs_processed_in_one_batch_are_announced_in_the_order_they_were_received() {
    for (DomainEvent run :
        List.of(
            failed(1001, T0),
            failed(1002, T0.plusSeconds(60)),
            succeeded(1003, T0.plusSeconds(120)),
            failed(1004, T0.plusSeconds(180)))) {
      byte[] body = f.body("workflow_run", run).getBytes(StandardCharsets.UTF_8);
      f.ingestOnly(
          ScriptedInboundDecoder.signedHeaders(
              "workflow_run",
              UUID.randomUUID().toString(),
              f.hook().providerHookId(),
              f.secretOf(f.hook()),
              body),
          body);
    }

    assertThat(f.processInbox()).as("settled in one call").isEqualTo(4);

    List<Notification> alices =
        f.stores.notifier().drain().stream().filter(n -> n.userId().equals(alice)).toList();
    assertThat(alices)
        .extracting(Notification::type)
        .containsExactly(
            NotificationType.WORKFLOW_RUN_UPDATED,
            NotificationType.INCIDENT_OPENED,
            NotificationType.WORKFLOW_RUN_UPDATED,
            NotificationType.WORKFLOW_RUN_UPDATED,
            NotificationType.INCIDENT_RESOLVED,
            NotificationType.WORKFLOW_RUN_UPDATED,
            NotificationType.INCIDENT_OPENED);
    assertThat(incidents(alice, null))
        .extracting(Incident::status)
        .containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED);
  }

  @Test
  void out_of_order_run_events_keep_the_newest_state() {
    Instant later = T0.plus(Duration.ofMinutes(5));
    f.deliver("workflow_run", failed(1001, later));
    f.stores.notifier().drain();

    IngestResult stale =
        f.deliver(
            "workflow_run",
            new DomainEvent.WorkflowRunChanged(
                run(1001, 1, RunStatus.IN_PROGRESS, RunConclusion.NONE, later, T0.plusSeconds(30)),
                List.of()));

    assertThat(stale).isInstanceOf(IngestResult.Accepted.class);
    WorkflowRun stored = f.stores.runs().find(f.repository().id(), 1001, 1).orElseThrow();
    assertThat(stored.snapshot().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(stored.snapshot().conclusion()).isEqualTo(RunConclusion.FAILURE);
    f.stores.notifier().assertExhausted();
  }

  @Test
  void the_incident_shows_the_failed_jobs_of_its_runs() {
    JobResult job =
        new JobResult(
            9001,
            1001,
            1,
            "test",
            RunStatus.COMPLETED,
            RunConclusion.FAILURE,
            null,
            List.of("Run tests"),
            "https://github.com/octocat/Hello-World/actions/runs/1001/job/9001",
            T0);
    f.deliver("workflow_job", new DomainEvent.WorkflowJobChanged(job));
    f.deliver("workflow_run", failed(1001, T0));
    Incident incident = incidents(alice, null).get(0);

    IncidentDetails details = f.useCases.getIncident().get(alice, incident.id()).orElseThrow();

    assertThat(details.failedJobs()).containsExactly(job);
    assertThat(details.repository().fullName()).isEqualTo(UseCaseFixture.REPO);
  }

  @Test
  void a_reconnecting_client_catches_up_on_what_it_missed() {
    List<Notification> before = f.useCases.catchUpNotifications().after(alice, 0, 100);
    long seen = before.isEmpty() ? 0 : before.get(before.size() - 1).id();
    f.deliver("workflow_run", failed(1001, T0));
    List<Notification> all = f.useCases.catchUpNotifications().after(alice, seen, 100);
    assertThat(all)
        .extracting(Notification::type)
        .containsExactly(NotificationType.WORKFLOW_RUN_UPDATED, NotificationType.INCIDENT_OPENED);

    List<Notification> missed =
        f.useCases.catchUpNotifications().after(alice, all.get(0).id(), 100);

    assertThat(missed)
        .extracting(Notification::type)
        .containsExactly(NotificationType.INCIDENT_OPENED);
  }
}
