package dev.hookkeeper.persistence;

import dev.hookkeeper.core.config.SignInStores;
import dev.hookkeeper.core.config.Stores;
import dev.hookkeeper.core.port.JobSchedule;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.port.SecretsAtRest;
import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Hookkeeper's stores on PostgreSQL in one line: {@code
 * Hookkeeper.builder().stores(JdbiStores.on(dataSource))}. When Hookkeeper is built, the schema is
 * brought up to date (Flyway, safe from several instances at once) and every store is created on
 * the data source, with the cipher Hookkeeper uses. {@link #withoutMigrations()} leaves the schema
 * alone, for hosts that migrate it themselves ({@link Migrations#migrate}, or Flyway with {@code
 * classpath:db/migration}). Immutable.
 */
public final class JdbiStores implements Stores.Factory {
  private final DataSource dataSource;
  private final boolean migrate;

  private JdbiStores(DataSource dataSource, boolean migrate) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    this.migrate = migrate;
  }

  /**
   * The stores on {@code dataSource}, migrating its schema first. A pool: {@link
   * PostgresDataSource#create}.
   */
  public static JdbiStores on(DataSource dataSource) {
    return new JdbiStores(dataSource, true);
  }

  /** The same, on a schema that is already current. */
  public JdbiStores withoutMigrations() {
    return new JdbiStores(dataSource, false);
  }

  @Override
  public Stores create(SecretCipher cipher) {
    if (migrate) Migrations.migrate(dataSource);
    return PersistenceModule.create(dataSource, cipher).stores();
  }

  /** The sign-in stores on the same database, for {@code Hookkeeper.Builder.signIn}. */
  public SignInStores.Factory signIn() {
    return cipher -> PersistenceModule.create(dataSource, cipher).signInStores();
  }

  /**
   * Every secret this database keeps encrypted, for {@code Hookkeeper.Builder.secretsAtRest}: after
   * a key rotation they are re-encrypted under the current key by a periodic job.
   */
  public Function<SecretCipher, SecretsAtRest> secretsAtRest() {
    return cipher -> PersistenceModule.create(dataSource, cipher).secretsAtRest();
  }

  /**
   * Runs each periodic job once per period across every instance on this database, for {@code
   * Hookkeeper.Builder.jobSchedule}; this instance is named after its process.
   */
  public JobSchedule jobSchedule() {
    return ClusterSchedule.on(
        PersistenceModule.database(dataSource), ManagementFactory.getRuntimeMXBean().getName());
  }
}
