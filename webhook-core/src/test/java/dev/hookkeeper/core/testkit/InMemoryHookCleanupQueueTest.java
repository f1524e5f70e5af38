package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.HookCleanupQueueContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the HookCleanupQueue contract. */
class InMemoryHookCleanupQueueTest extends HookCleanupQueueContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
