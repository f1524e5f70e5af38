package dev.hookkeeper.persistence;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the schema ({@code classpath:db/migration}). Safe on every start and from several
 * instances at once: Flyway serialises concurrent runs with a PostgreSQL advisory lock and skips
 * what is already applied. Migrations run on the pool's connections and so under its statement
 * timeout; one that must run longer starts with {@code SET LOCAL statement_timeout = 0} (Flyway runs
 * each PostgreSQL migration in its own transaction, so the setting ends with it).
 */
public final class Migrations {

  private Migrations() {}

  /** Returns how many migrations this call applied (0 when the schema is current). */
  public static int migrate(DataSource dataSource) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .cleanDisabled(true)
            .validateMigrationNaming(true)
            .load()
            .migrate();
    return result.migrationsExecuted;
  }
}
