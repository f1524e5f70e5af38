package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.WorkflowRunStoreContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the WorkflowRunStore contract. */
class InMemoryWorkflowRunStoreTest extends WorkflowRunStoreContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
