package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.SignInStoreFixture;
import dev.hookkeeper.core.contract.SignInStoresContract;
import dev.hookkeeper.core.contract.StoreFixture;

/** The in-memory sign-in stores pass their contract. */
class InMemorySignInStoresTest extends SignInStoresContract {
  private final InMemoryPorts ports = new InMemoryPorts();

  @Override
  protected StoreFixture fixture() {
    return ports.storeFixture();
  }

  @Override
  protected SignInStoreFixture signInFixture() {
    return new SignInStoreFixture(new InMemoryIdentityStore(), new InMemorySessionStore(), new InMemorySignInStore());
  }
}
