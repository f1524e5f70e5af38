package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.TokenVaultContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory reference adapter passes the TokenVault contract. */
class InMemoryTokenVaultTest extends TokenVaultContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }
}
