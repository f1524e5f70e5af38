package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.HookStoreContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the HookStore contract. */
class InMemoryHookStoreTest extends HookStoreContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
