package dev.hookkeeper.persistence;

import dev.hookkeeper.core.contract.SignInStoreFixture;
import dev.hookkeeper.core.contract.SignInStoresContract;
import dev.hookkeeper.core.contract.StoreFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class JdbiSignInStoresContractTest extends SignInStoresContract {

  private static ContractDatabase db;

  @BeforeAll
  static void open() {
    db = ContractDatabase.open();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Override
  protected StoreFixture fixture() {
    return db.fixture();
  }

  @Override
  protected SignInStoreFixture signInFixture() {
    return db.signInFixture();
  }
}
