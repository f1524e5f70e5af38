package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.UserStoreContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the UserStore contract. */
class InMemoryUserStoreTest extends UserStoreContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
