package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.NotificationStoreContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the NotificationStore contract. */
class InMemoryNotificationStoreTest extends NotificationStoreContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
