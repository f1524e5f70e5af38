package dev.hookkeeper.persistence;

import dev.hookkeeper.core.contract.ConnectionStoreContract;
import dev.hookkeeper.core.contract.DeliveryLogContract;
import dev.hookkeeper.core.contract.HookCleanupQueueContract;
import dev.hookkeeper.core.contract.HookEventLogContract;
import dev.hookkeeper.core.contract.HookStoreContract;
import dev.hookkeeper.core.contract.InboxContract;
import dev.hookkeeper.core.contract.IncidentStoreContract;
import dev.hookkeeper.core.contract.NotificationStoreContract;
import dev.hookkeeper.core.contract.ReconcileScheduleContract;
import dev.hookkeeper.core.contract.RepositoryStoreContract;
import dev.hookkeeper.core.contract.SignInStoreFixture;
import dev.hookkeeper.core.contract.SignInStoresContract;
import dev.hookkeeper.core.contract.StoreFixture;
import dev.hookkeeper.core.contract.TokenVaultContract;
import dev.hookkeeper.core.contract.TransactionRunnerContract;
import dev.hookkeeper.core.contract.UserStoreContract;
import dev.hookkeeper.core.contract.WorkflowRunStoreContract;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every store contract of the core's kit on the JDBI stores and a real PostgreSQL 17: one
 * {@code @Nested} class per contract, each with a fresh migrated database of its own, opened with
 * its first test and dropped from the pool after its last (the contracts never assume an empty
 * store, so the tests of one contract share it).
 */
class JdbiContractsTest {
  private static final Map<Class<?>, ContractDatabase> DATABASES = new ConcurrentHashMap<>();

  /**
   * Closes a contract's database once its nested class has run (extensions apply to nested
   * classes).
   */
  @RegisterExtension
  static final AfterAllCallback CLOSE_DATABASE =
      context -> {
        ContractDatabase db = DATABASES.remove(context.getRequiredTestClass());
        if (db != null) db.close();
      };

  private static ContractDatabase databaseOf(Object contract) {
    return DATABASES.computeIfAbsent(contract.getClass(), c -> ContractDatabase.open());
  }

  @Nested
  class Users extends UserStoreContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }

  @Nested
  class TokenVault extends TokenVaultContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }

  @Nested
  class Repositories extends RepositoryStoreContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }

  @Nested
  class Hooks extends HookStoreContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }

  @Nested
  class Connections extends ConnectionStoreContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }

  @Nested
  class DeliveryLog extends DeliveryLogContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }

  @Nested
  class Inbox extends InboxContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }

  @Nested
  class WorkflowRuns extends WorkflowRunStoreContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }

  @Nested
  class Incidents extends IncidentStoreContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }

  @Nested
  class Notifications extends NotificationStoreContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }

  @Nested
  class HookCleanups extends HookCleanupQueueContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }

  @Nested
  class Transactions extends TransactionRunnerContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }

  @Nested
  class SignIn extends SignInStoresContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }

    @Override
    protected SignInStoreFixture signInFixture() {
      return databaseOf(this).signInFixture();
    }
  }

  @Nested
  class HookEvents extends HookEventLogContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }

  @Nested
  class ReconcileSchedule extends ReconcileScheduleContract {
    @Override
    protected StoreFixture fixture() {
      return databaseOf(this).fixture();
    }
  }
}
