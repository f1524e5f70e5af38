package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsTest {

  private static HikariDataSource dataSource;
  private static int appliedFirst;
  private static int appliedOnRestart;

  @BeforeAll
  static void migrateTwice() {
    dataSource = TestPostgres.emptyDatabase();
    appliedFirst = Migrations.migrate(dataSource);
    appliedOnRestart = Migrations.migrate(dataSource);
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  /** The versioned migrations on the classpath, however many there are by now. */
  private static int migrationFiles() {
    try (var files =
        java.nio.file.Files.list(
            java.nio.file.Path.of(MigrationsTest.class.getResource("/db/migration").toURI()))) {
      return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
    } catch (java.io.IOException | java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void applies_to_an_empty_database_and_is_idempotent_on_restart() {
    assertThat(appliedFirst).as("every migration shipped").isEqualTo(migrationFiles());
    assertThat(appliedOnRestart).isZero();
    List<String> tables =
        Jdbi.create(dataSource)
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                                + " AND table_name <> 'flyway_schema_history' ORDER BY table_name")
                        .mapTo(String.class)
                        .list());
    assertThat(tables)
        .containsExactly(
            "cluster_jobs",
            "connections",
            "deliveries",
            "hook_cleanups",
            "hook_events",
            "hook_reconcile",
            "inbox",
            "incident_groups",
            "incident_occurrences",
            "incidents",
            "notification_counters",
            "notifications",
            "provider_identities",
            "provider_tokens",
            "reconcile_tokens",
            "rejection_counts",
            "repositories",
            "repository_hooks",
            "sessions",
            "sign_ins",
            "users",
            "workflow_jobs",
            "workflow_runs");
  }

  @Test
  void keeps_the_seed_webhook_columns_on_the_hook_table() {
    List<String> columns =
        Jdbi.create(dataSource)
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT column_name || ':' || data_type FROM information_schema.columns"
                                + " WHERE table_name = 'repository_hooks' AND column_name LIKE 'webhook%'")
                        .mapTo(String.class)
                        .list());
    assertThat(columns)
        .contains(
            "webhook_id:text",
            "webhook_secret:text",
            "webhook_url:text",
            "webhook_events:ARRAY",
            "webhook_created_at:timestamp with time zone",
            "webhook_last_delivery_at:timestamp with time zone",
            "webhook_status:text");
  }

  @Test
  void embedded_server_keeps_durability_on() {
    List<String> settings =
        Jdbi.create(dataSource)
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT name || '=' || setting FROM pg_settings"
                                + " WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'statement_timeout')"
                                + " ORDER BY name")
                        .mapTo(String.class)
                        .list());
    assertThat(settings)
        .containsExactly(
            "fsync=on", "full_page_writes=on", "statement_timeout=10000", "synchronous_commit=on");
  }

  @Test
  void delivery_bodies_are_stored_out_of_line_uncompressed() {
    String storage =
        Jdbi.create(dataSource)
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'deliveries'::regclass AND attname = 'body'")
                        .mapTo(String.class)
                        .one());
    assertThat(storage).as("e = EXTERNAL: out of line, never compressed").isEqualTo("e");
  }
}
