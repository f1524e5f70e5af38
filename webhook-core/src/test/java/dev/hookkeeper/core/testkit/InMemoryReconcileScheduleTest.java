package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.ReconcileScheduleContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the ReconcileSchedule contract. */
class InMemoryReconcileScheduleTest extends ReconcileScheduleContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
