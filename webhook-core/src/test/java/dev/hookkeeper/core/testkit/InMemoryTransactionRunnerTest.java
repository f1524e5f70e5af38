package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.TransactionRunnerContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the TransactionRunner contract. */
class InMemoryTransactionRunnerTest extends TransactionRunnerContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
