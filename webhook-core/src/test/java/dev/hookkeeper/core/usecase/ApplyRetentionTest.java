package dev.hookkeeper.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunRef;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.IncidentStore;
import dev.hookkeeper.core.testkit.InMemoryPorts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One retention pass over every kind of data, each by its own age, past one batch. */
class ApplyRetentionTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private final InMemoryPorts stores = new InMemoryPorts(NOW);
  private final ApplyRetention retention = new ApplyRetention(stores.ports());
  private final UserId user = new UserId("usr_1");
  private final RepositoryId repo = new RepositoryId("repo_1");

  @Test
  void each_step_deletes_what_is_older_than_its_own_age_past_a_batch_and_nothing_else() {
    stores.users().create(new User(user, "ann", NOW), "a".repeat(64));
    stores.repositories().upsert(new Repository(repo, Provider.GITHUB, 1, "octo/app", "main", false, NOW));
    Connection c = new Connection(new ConnectionId("conn_1"), user, repo, true, false, NOW, NOW);
    stores.connections().insertIfAbsent(c);
    int old = ApplyRetention.BATCH * 2 + 500;
    for (int i = 0; i < old; i++) notify(NOW.minus(Duration.ofDays(31)));
    for (int i = 0; i < 3; i++) notify(NOW.minus(Duration.ofDays(29)));
    run(101, NOW.minus(Duration.ofDays(91)));
    run(102, NOW.minus(Duration.ofDays(91)));
    run(103, NOW.minus(Duration.ofDays(89)));
    // run 102 failed and opened an incident: it stays however old
    stores.incidents().recordFailure(new IncidentStore.NewFailure(new IncidentId("inc_1"), user, c.id(), repo,
        "ci", "CI", "main", new IncidentOccurrence(102, 1, 102, "sha", "u", RunConclusion.FAILURE, NOW, NOW),
        NOW.minus(Duration.ofDays(91))));
    // a group with nothing open, untouched for 91 days
    stores.incidents().resolve(c.id(), "nightly", "main", new RunRef(90, 1, 90, "u", NOW), NOW.minus(Duration.ofDays(91)));

    Map<String, Integer> purged = retention.apply(RetentionPolicy.DEFAULTS);

    assertThat(purged).containsExactly(Map.entry("delivery_bodies", 0), Map.entry("rejected_attempts", 0),
        Map.entry("notifications", old),
        Map.entry("workflow_runs", 1), Map.entry("workflow_jobs", 0), Map.entry("incident_groups", 1));
    assertThat(stores.notifications().listAfter(user, 0, 10_000)).hasSize(3);
    assertThat(stores.runs().find(repo, 101, 1)).isEmpty();
    assertThat(stores.runs().jobs(repo, 101, 1)).isEmpty();
    assertThat(stores.runs().find(repo, 102, 1)).isPresent();
    assertThat(stores.runs().jobs(repo, 102, 1)).hasSize(1);
    assertThat(stores.runs().find(repo, 103, 1)).isPresent();
    assertThat(retention.apply(RetentionPolicy.DEFAULTS).values()).as("a second pass").containsOnly(0);
  }

  @Test
  void ages_must_be_positive() {
    assertThatThrownBy(() -> new RetentionPolicy(Duration.ofDays(30), Duration.ZERO, Duration.ofDays(90)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("notifications");
  }

  private void notify(Instant at) {
    stores.notifications().append(new NotificationDraft(user, NotificationType.WORKFLOW_RUN_UPDATED, Map.of(), at));
  }

  private void run(long runId, Instant at) {
    RunSnapshot s = new RunSnapshot(runId, 1, "ci", "CI", runId, "main", "sha", RunStatus.COMPLETED,
        RunConclusion.FAILURE, "u", "push", at, at, List.of());
    stores.runs().upsert(new WorkflowRun(repo, Provider.GITHUB, s, at));
    stores.runs().upsertJob(repo, new JobResult(runId * 10, runId, 1, "test", RunStatus.COMPLETED,
        RunConclusion.FAILURE, null, List.of(), "u", at));
  }
}
