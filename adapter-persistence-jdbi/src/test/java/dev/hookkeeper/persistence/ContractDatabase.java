package dev.hookkeeper.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.contract.SignInStoreFixture;
import dev.hookkeeper.core.contract.StoreFixture;

/** One fresh database per contract test class, with every JDBI store on it. */
final class ContractDatabase implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final StoreFixture fixture;
  private final SignInStoreFixture signInFixture;

  private ContractDatabase(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    PersistenceModule m = PersistenceModule.create(dataSource, TestCipher.random());
    this.fixture =
        new StoreFixture(
            m.users(),
            m.tokenVault(),
            m.repositories(),
            m.hooks(),
            m.connections(),
            m.deliveries(),
            m.inbox(),
            m.workflowRuns(),
            m.incidents(),
            m.notifications(),
            m.hookCleanups(),
            m.hookEvents(),
            m.reconcileSchedule(),
            m.transactionRunner());
    this.signInFixture = new SignInStoreFixture(m.identities(), m.sessions(), m.signIns());
  }

  static ContractDatabase open() {
    return new ContractDatabase(TestPostgres.migratedDatabase());
  }

  StoreFixture fixture() {
    return fixture;
  }

  SignInStoreFixture signInFixture() {
    return signInFixture;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
