package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.IncidentStoreContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the IncidentStore contract. */
class InMemoryIncidentStoreTest extends IncidentStoreContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
