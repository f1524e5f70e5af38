package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.RepositoryStoreContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the RepositoryStore contract. */
class InMemoryRepositoryStoreTest extends RepositoryStoreContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
