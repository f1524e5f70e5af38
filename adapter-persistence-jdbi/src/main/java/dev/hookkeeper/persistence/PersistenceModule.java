package dev.hookkeeper.persistence;

import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.DeliveryLog;
import dev.hookkeeper.core.port.HookCleanupQueue;
import dev.hookkeeper.core.port.HookEventLog;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.IdentityStore;
import dev.hookkeeper.core.port.Inbox;
import dev.hookkeeper.core.port.IncidentStore;
import dev.hookkeeper.core.port.NotificationStore;
import dev.hookkeeper.core.port.ReconcileSchedule;
import dev.hookkeeper.core.port.RepositoryStore;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.port.SecretsAtRest;
import dev.hookkeeper.core.port.SessionStore;
import dev.hookkeeper.core.port.SignInStore;
import dev.hookkeeper.core.port.TokenVault;
import dev.hookkeeper.core.port.TransactionRunner;
import dev.hookkeeper.core.port.UserStore;
import dev.hookkeeper.core.port.WorkflowRunStore;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * Every store port and the transaction runner on one PostgreSQL database. The composition root
 * builds one of these from a pool ({@link PostgresDataSource}) after {@link Migrations#migrate}.
 */
public final class PersistenceModule {

  private final Database db;
  private final SecretCipher cipher;

  private PersistenceModule(Database db, SecretCipher cipher) {
    this.db = db;
    this.cipher = cipher;
  }

  public static PersistenceModule create(DataSource dataSource, SecretCipher cipher) {
    Objects.requireNonNull(dataSource, "dataSource == null");
    Objects.requireNonNull(cipher, "cipher == null");
    Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
    return new PersistenceModule(new Database(jdbi), cipher);
  }

  public TransactionRunner transactionRunner() {
    return new JdbiTransactionRunner(db);
  }

  public UserStore users() {
    return new JdbiUserStore(db);
  }

  public TokenVault tokenVault() {
    return new JdbiTokenVault(db, cipher);
  }

  public RepositoryStore repositories() {
    return new JdbiRepositoryStore(db);
  }

  public HookStore hooks() {
    return new JdbiHookStore(db);
  }

  public ConnectionStore connections() {
    return new JdbiConnectionStore(db);
  }

  public DeliveryLog deliveries() {
    return new JdbiDeliveryLog(db);
  }

  public Inbox inbox() {
    return new JdbiInbox(db);
  }

  public WorkflowRunStore workflowRuns() {
    return new JdbiWorkflowRunStore(db);
  }

  public IncidentStore incidents() {
    return new JdbiIncidentStore(db);
  }

  public NotificationStore notifications() {
    return new JdbiNotificationStore(db);
  }

  /** Once-per-period claims of the cluster's periodic jobs; {@code owner} names this instance. */
  public ClusterSchedule clusterSchedule(String owner) {
    return ClusterSchedule.on(db, owner);
  }

  public HookCleanupQueue hookCleanups() {
    return new JdbiHookCleanupQueue(db);
  }

  public HookEventLog hookEvents() {
    return new JdbiHookEventLog(db);
  }

  public ReconcileSchedule reconcileSchedule() {
    return new JdbiReconcileSchedule(db);
  }

  /** Every encrypted column, to bring under the cipher's current key after a key rotation. */
  public SecretsAtRest secretsAtRest() {
    return new JdbiSecretsAtRest(db, cipher);
  }

  public IdentityStore identities() {
    return new JdbiIdentityStore(db);
  }

  public SessionStore sessions() {
    return new JdbiSessionStore(db);
  }

  public SignInStore signIns() {
    return new JdbiSignInStore(db, cipher);
  }
}
