package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.crypto.RandomSecretGenerator;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RejectedDelivery;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunRef;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.IncidentStore;
import dev.hookkeeper.core.port.Notifier;
import dev.hookkeeper.core.support.TimeOrderedIdGenerator;
import dev.hookkeeper.core.usecase.ApplyRetention;
import dev.hookkeeper.core.usecase.RetentionPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 11 on PostgreSQL: one retention pass deletes exactly what is past each age
 * (delivery bodies and notifications 30 days, runs, jobs and idle incident groups 90 days), keeps
 * the runs incidents reference with their jobs, works through more than a batch of each, and a
 * second pass finds nothing. Times are relative to now: a job's store time is the database's.
 */
class RetentionTest {
  private static final int OLD_NOTIFICATIONS = 2_500;
  private static final int OLD_RUNS = 1_500;
  private static HikariDataSource dataSource;
  private static PersistenceModule stores;
  private static Jdbi jdbi;

  @BeforeAll
  static void database() {
    dataSource = TestPostgres.migratedDatabase();
    stores = PersistenceModule.create(dataSource, TestCipher.random());
    jdbi = Jdbi.create(dataSource);
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @Test
  void one_pass_deletes_exactly_what_is_past_retention_in_batches() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant month = now.minus(Duration.ofDays(31));
    Instant quarter = now.minus(Duration.ofDays(91));
    Instant recent = now.minus(Duration.ofDays(29));
    Fixtures fx = new Fixtures(stores);
    User user = fx.user();
    Repository repo = fx.repository();
    RepositoryHook hook = fx.hook(repo, user, TestCipher.random(), Secret.of("retention-secret"));
    Connection c = fx.connection(user, repo);

    for (int i = 0; i < 3; i++) {
      Fixtures.append(stores, Fixtures.delivery(hook, "old-" + i, Fixtures.json("{}"), month));
    }
    Fixtures.append(stores, Fixtures.delivery(hook, "recent", Fixtures.json("{}"), recent));
    for (Instant at : List.of(month, month.plusSeconds(1), recent)) {
      stores
          .deliveries()
          .insertRejected(
              List.of(
                  new RejectedDelivery(
                      "dlv_r" + Fixtures.next(),
                      hook.provider(),
                      hook.id(),
                      repo.id(),
                      "forged",
                      "workflow_run",
                      "signature_mismatch",
                      Headers.empty(),
                      2,
                      "ab".repeat(32),
                      "203.0.113.9",
                      at)));
    }

    List<NotificationDraft> drafts = new ArrayList<>();
    for (int i = 0; i < OLD_NOTIFICATIONS; i++) drafts.add(draft(user, month.plusSeconds(i)));
    for (int i = 0; i < 3; i++) drafts.add(draft(user, recent));
    stores.transactionRunner().inTransaction(() -> stores.notifications().appendAll(drafts));

    long base = 7_000_000;
    for (int i = 0; i < OLD_RUNS; i++) run(repo, base + i, quarter.plusSeconds(i));
    long failed = base + 10_000;
    long fixed = base + 10_001;
    long fresh = base + 10_002;
    run(repo, failed, quarter);
    run(repo, fixed, quarter);
    run(repo, fresh, now.minus(Duration.ofDays(89)));
    IncidentStore incidents = stores.incidents();
    incidents.recordFailure(
        new IncidentStore.NewFailure(
            new IncidentId("inc_ret_" + Fixtures.next()),
            user.id(),
            c.id(),
            repo.id(),
            "wf_1",
            "CI",
            "main",
            new IncidentOccurrence(
                failed, 1, 1, "abc", "u", RunConclusion.FAILURE, quarter, quarter),
            quarter));
    assertThat(
            incidents.resolve(
                c.id(), "wf_1", "main", new RunRef(fixed, 1, 2, "u", quarter), quarter))
        .isPresent();
    // still open: its group stays however old
    incidents.recordFailure(
        new IncidentStore.NewFailure(
            new IncidentId("inc_ret_" + Fixtures.next()),
            user.id(),
            c.id(),
            repo.id(),
            "wf_2",
            "CI",
            "main",
            new IncidentOccurrence(
                failed, 1, 1, "abc", "u", RunConclusion.FAILURE, quarter, quarter),
            quarter));
    incidents.resolve(
        c.id(), "wf_3", "main", new RunRef(fresh, 1, 3, "u", now), now.minus(Duration.ofDays(89)));

    // jobs whose run never arrived: completed long ago, completed lately, never completed (stored
    // long ago and lately)
    stores.workflowRuns().upsertJob(repo.id(), job(91, 555, quarter));
    stores.workflowRuns().upsertJob(repo.id(), job(92, 555, now.minus(Duration.ofDays(89))));
    stores.workflowRuns().upsertJob(repo.id(), job(93, 556, null));
    stores.workflowRuns().upsertJob(repo.id(), job(94, 557, null));
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE workflow_jobs SET recorded_at = :at WHERE job_id = 93")
                .bind("at", Sql.ts(quarter))
                .execute());

    ApplyRetention retention = new ApplyRetention(ports(Clock.fixed(now, ZoneOffset.UTC)));
    Map<String, Integer> purged = retention.apply(RetentionPolicy.DEFAULTS);

    assertThat(purged)
        .containsExactly(
            Map.entry("delivery_bodies", 3),
            Map.entry("rejected_attempts", 2),
            Map.entry("notifications", OLD_NOTIFICATIONS),
            Map.entry("workflow_runs", OLD_RUNS),
            Map.entry("workflow_jobs", 2),
            Map.entry("incident_groups", 1));
    assertThat(count("SELECT count(*) FROM deliveries WHERE body IS NOT NULL")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM deliveries WHERE signature_valid"))
        .as("delivery rows stay")
        .isEqualTo(4);
    assertThat(count("SELECT count(*) FROM deliveries WHERE NOT signature_valid"))
        .as("the recent refusal stays")
        .isEqualTo(1);
    assertThat(stores.notifications().listAfter(user.id(), 0, 10_000))
        .hasSize(3)
        .allSatisfy(n -> assertThat(n.createdAt()).isEqualTo(recent));
    assertThat(stores.notifications().latestId(user.id())).isEqualTo(OLD_NOTIFICATIONS + 3);
    assertThat(count("SELECT count(*) FROM workflow_runs")).isEqualTo(3);
    for (long kept : List.of(failed, fixed, fresh)) {
      assertThat(stores.workflowRuns().find(repo.id(), kept, 1)).as("run %s", kept).isPresent();
      assertThat(stores.workflowRuns().jobs(repo.id(), kept, 1)).as("jobs of %s", kept).hasSize(1);
    }
    List<Long> orphans =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT job_id FROM workflow_jobs WHERE provider_run_id IN (555, 556, 557) ORDER BY job_id")
                    .mapTo(Long.class)
                    .list());
    assertThat(orphans).containsExactly(92L, 94L);
    List<String> groups =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT workflow_key FROM incident_groups ORDER BY workflow_key")
                    .mapTo(String.class)
                    .list());
    assertThat(groups).containsExactly("wf_2", "wf_3");
    assertThat(count("SELECT count(*) FROM incidents")).as("incidents are not purged").isEqualTo(2);

    assertThat(retention.apply(RetentionPolicy.DEFAULTS).values())
        .as("a second pass")
        .containsOnly(0);
  }

  private static NotificationDraft draft(User user, Instant at) {
    return new NotificationDraft(
        user.id(), NotificationType.WORKFLOW_RUN_UPDATED, Map.of("run", 1L), at);
  }

  /** A completed run last changed at {@code at}, with one job. */
  private static void run(Repository repo, long runId, Instant at) {
    RunSnapshot s =
        new RunSnapshot(
            runId,
            1,
            "wf_1",
            "CI",
            runId,
            "main",
            "abc",
            RunStatus.COMPLETED,
            RunConclusion.SUCCESS,
            "u",
            "push",
            at,
            at,
            List.of());
    stores.workflowRuns().upsert(new WorkflowRun(repo.id(), Provider.GITHUB, s, at));
    stores.workflowRuns().upsertJob(repo.id(), job(runId * 10, runId, at));
  }

  private static JobResult job(long jobId, long runId, Instant completedAt) {
    return new JobResult(
        jobId,
        runId,
        1,
        "build",
        completedAt == null ? RunStatus.IN_PROGRESS : RunStatus.COMPLETED,
        completedAt == null ? RunConclusion.NONE : RunConclusion.SUCCESS,
        null,
        List.of(),
        "u",
        completedAt);
  }

  private static long count(String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private static Ports ports(Clock clock) {
    Notifier none = n -> {};
    return new Ports(
        stores.users(),
        stores.tokenVault(),
        stores.repositories(),
        stores.hooks(),
        stores.connections(),
        stores.deliveries(),
        stores.inbox(),
        stores.workflowRuns(),
        stores.incidents(),
        stores.notifications(),
        stores.hookCleanups(),
        stores.hookEvents(),
        stores.reconcileSchedule(),
        none,
        stores.transactionRunner(),
        TestCipher.random(),
        new RandomSecretGenerator(),
        new TimeOrderedIdGenerator(),
        clock);
  }
}
