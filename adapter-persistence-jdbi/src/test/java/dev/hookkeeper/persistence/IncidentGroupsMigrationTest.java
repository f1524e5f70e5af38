package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunRef;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.IncidentStore;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V18 gives every existing group its row: the open incident with its newest failure, and the
 * newest run that resolved one of its incidents. Incidents written before the migration then
 * follow the run-number rule like new ones.
 */
class IncidentGroupsMigrationTest {
  private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
  private static HikariDataSource dataSource;
  private static IncidentStore incidents;

  @BeforeAll
  static void migrate_with_incidents_from_before() {
    dataSource = TestPostgres.emptyDatabase();
    // everything before V18, whichever versions below it exist
    MigrationVersion v18 = MigrationVersion.fromVersion("18");
    MigrationVersion before = Arrays.stream(flyway().load().info().all()).map(MigrationInfo::getVersion)
        .filter(v -> v.compareTo(v18) < 0).max(Comparator.naturalOrder()).orElseThrow();
    flyway().target(before).load().migrate();
    Jdbi.create(dataSource).useHandle(h -> h.execute(String.join("\n",
        "INSERT INTO users (id, name, api_token_sha256, created_at) VALUES ('usr_m', 'm', repeat('a', 64), now());",
        "INSERT INTO repositories (id, provider, provider_repo_id, full_name, default_branch, private, created_at,",
        "  updated_at) VALUES ('repo_m', 'github', 1, 'octo/m', 'main', false, now(), now());",
        "INSERT INTO connections (id, user_id, repository_id, enabled, auto_pr_enabled, created_at, updated_at)",
        "  VALUES ('conn_m', 'usr_m', 'repo_m', true, false, now(), now());",
        // ci on main: resolved by run 4, then open with failures of runs 5 and 7
        "INSERT INTO workflow_runs (repository_id, provider_run_id, attempt, provider, workflow_key, workflow_name,",
        "  run_number, branch, sha, status, status_rank, conclusion, url, trigger_event, pull_requests,",
        "  run_created_at, updated_at, recorded_at)",
        "  VALUES ('repo_m', 904, 1, 'github', 'ci', 'CI', 4, 'main', 'abc', 'completed', 3, 'success', 'u', 'push',",
        "  '{}', now(), now(), now());",
        "INSERT INTO incidents (id, user_id, connection_id, repository_id, workflow_key, workflow_name, branch, status,",
        "  opened_at, latest_run_created_at, resolved_at, resolved_by_run_id, resolved_by_attempt, resolved_by_url,",
        "  resolved_by_run_created_at)",
        "  VALUES ('inc_old', 'usr_m', 'conn_m', 'repo_m', 'ci', 'CI', 'main', 'resolved', now(), now(), now(),",
        "  904, 1, 'u', now());",
        "INSERT INTO incidents (id, user_id, connection_id, repository_id, workflow_key, workflow_name, branch, status,",
        "  opened_at, latest_run_created_at)",
        "  VALUES ('inc_open', 'usr_m', 'conn_m', 'repo_m', 'ci', 'CI', 'main', 'open', now(), now());",
        "INSERT INTO incident_occurrences (incident_id, provider_run_id, attempt, run_number, sha, url, conclusion,",
        "  run_created_at, occurred_at) VALUES",
        "  ('inc_open', 905, 1, 5, 'abc', 'u', 'failure', now(), now()),",
        "  ('inc_open', 907, 1, 7, 'abc', 'u', 'failure', now(), now());")));
    Migrations.migrate(dataSource);
    incidents = PersistenceModule.create(dataSource, TestCipher.random()).incidents();
  }

  private static FluentConfiguration flyway() {
    return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @Test
  void groups_from_before_keep_their_newest_success_and_open_failure() {
    ConnectionId conn = new ConnectionId("conn_m");

    assertThat(incidents.recordFailure(failure(903, 3)).outcome()).as("older than run 4's success")
        .isEqualTo(IncidentStore.Outcome.SUPERSEDED);
    assertThat(incidents.resolve(conn, "ci", "main", success(906, 6), T0)).as("run 7 failed after it").isEmpty();
    assertThat(incidents.recordFailure(failure(905, 5)).outcome()).isEqualTo(IncidentStore.Outcome.SUPERSEDED);
    assertThat(incidents.resolve(conn, "ci", "main", success(908, 8), T0)).hasValueSatisfying(i -> {
      assertThat(i.id().value()).isEqualTo("inc_open");
      assertThat(i.resolvedBy().runNumber()).isEqualTo(8);
    });
    assertThat(incidents.listByUser(new UserId("usr_m"), IncidentStatus.OPEN, PageRequest.first(10)).items())
        .isEmpty();
    assertThat(incidents.find(new UserId("usr_m"), new IncidentId("inc_old")).orElseThrow().resolvedBy().runNumber())
        .isEqualTo(4);
  }

  private static IncidentStore.NewFailure failure(long runId, long runNumber) {
    return new IncidentStore.NewFailure(new IncidentId("inc_new_" + runId), new UserId("usr_m"),
        new ConnectionId("conn_m"), new RepositoryId("repo_m"), "ci", "CI", "main",
        new IncidentOccurrence(runId, 1, runNumber, "abc", "u", RunConclusion.FAILURE, T0, T0), T0);
  }

  private static RunRef success(long runId, long runNumber) {
    return new RunRef(runId, 1, runNumber, "u", T0);
  }
}
