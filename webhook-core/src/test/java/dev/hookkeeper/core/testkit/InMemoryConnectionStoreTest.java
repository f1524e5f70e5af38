package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.ConnectionStoreContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the ConnectionStore contract. */
class InMemoryConnectionStoreTest extends ConnectionStoreContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
