package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.DeliveryLogContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the DeliveryLog contract. */
class InMemoryDeliveryLogTest extends DeliveryLogContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
