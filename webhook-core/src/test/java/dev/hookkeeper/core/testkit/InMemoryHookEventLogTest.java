package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.HookEventLogContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the HookEventLog contract. */
class InMemoryHookEventLogTest extends HookEventLogContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
