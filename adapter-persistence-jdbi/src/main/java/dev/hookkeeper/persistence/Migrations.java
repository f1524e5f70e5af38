package dev.hookkeeper.persistence;

import java.util.Arrays;
import java.util.Comparator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the schema ({@code classpath:db/migration}). Safe on every start and from several
 * instances at once: Flyway serialises concurrent runs with a PostgreSQL advisory lock and skips
 * what is already applied. Migrations run on the pool's connections and so under its statement
 * timeout; one that must run longer starts with {@code SET LOCAL statement_timeout = 0} (Flyway
 * runs each PostgreSQL migration in its own transaction, so the setting ends with it).
 */
public final class Migrations {

  private Migrations() {}

  /** Returns how many migrations this call applied (0 when the schema is current). */
  public static int migrate(DataSource dataSource) {
    MigrateResult result = flyway(dataSource).migrate();
    return result.migrationsExecuted;
  }

  /**
   * Where the database's schema stands against the migrations this version ships; changes nothing.
   */
  public static SchemaStatus status(DataSource dataSource) {
    MigrationInfoService info = flyway(dataSource).info();
    MigrationInfo current = info.current();
    MigrationInfo[] all = info.all();
    String latest =
        Arrays.stream(all)
            .filter(m -> m.getState().isResolved() && m.getVersion() != null)
            .map(MigrationInfo::getVersion)
            .max(Comparator.naturalOrder())
            .map(MigrationVersion::getVersion)
            .orElse(null);
    boolean failed = Arrays.stream(all).anyMatch(m -> m.getState().isFailed());
    boolean newer =
        Arrays.stream(all)
            .anyMatch(
                m ->
                    m.getState() == MigrationState.FUTURE_SUCCESS
                        || m.getState() == MigrationState.FUTURE_FAILED);
    return new SchemaStatus(
        current == null || current.getVersion() == null ? null : current.getVersion().getVersion(),
        latest,
        info.pending().length,
        failed,
        newer);
  }

  /**
   * @param current the version applied last; {@code null} on a database without Hookkeeper's schema
   * @param latest the newest version this build ships
   * @param pending migrations this build would apply at the next start
   * @param failed a migration failed part-way (Flyway refuses to go on until it is repaired)
   * @param newer the database holds migrations newer than this build knows (a newer version ran on
   *     it)
   */
  public record SchemaStatus(
      String current, String latest, int pending, boolean failed, boolean newer) {}

  private static Flyway flyway(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .cleanDisabled(true)
        .validateMigrationNaming(true)
        .load();
  }
}
