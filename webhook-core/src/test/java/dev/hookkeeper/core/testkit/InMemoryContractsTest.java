package dev.hookkeeper.core.testkit;

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
import org.junit.jupiter.api.Nested;

/**
 * The in-memory reference adapter passes every store contract: one run, one {@code @Nested} class
 * per contract, each test on fresh stores. The kit is proven against itself before any adapter
 * relies on it.
 */
class InMemoryContractsTest {

  /** Fresh in-memory stores on one lock: what each test of every contract gets. */
  private static StoreFixture freshStores() {
    return new InMemoryPorts().storeFixture();
  }

  @Nested
  class Users extends UserStoreContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }

  @Nested
  class TokenVault extends TokenVaultContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }

  @Nested
  class Repositories extends RepositoryStoreContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }

  @Nested
  class Hooks extends HookStoreContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }

  @Nested
  class Connections extends ConnectionStoreContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }

  @Nested
  class DeliveryLog extends DeliveryLogContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }

  @Nested
  class Inbox extends InboxContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }

  @Nested
  class WorkflowRuns extends WorkflowRunStoreContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }

  @Nested
  class Incidents extends IncidentStoreContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }

  @Nested
  class Notifications extends NotificationStoreContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }

  @Nested
  class HookCleanups extends HookCleanupQueueContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }

  @Nested
  class Transactions extends TransactionRunnerContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }

  @Nested
  class SignIn extends SignInStoresContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }

    @Override
    protected SignInStoreFixture signInFixture() {
      return new SignInStoreFixture(
          new InMemoryIdentityStore(), new InMemorySessionStore(), new InMemorySignInStore());
    }
  }

  @Nested
  class HookEvents extends HookEventLogContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }

  @Nested
  class ReconcileSchedule extends ReconcileScheduleContract {
    @Override
    protected StoreFixture fixture() {
      return freshStores();
    }
  }
}
