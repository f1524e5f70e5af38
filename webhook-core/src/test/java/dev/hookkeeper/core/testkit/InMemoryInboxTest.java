package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.InboxContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the DeliveryLog contract. */
class InMemoryInboxTest extends InboxContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
