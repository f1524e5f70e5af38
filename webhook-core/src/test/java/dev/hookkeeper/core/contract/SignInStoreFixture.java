package dev.hookkeeper.core.contract;

import dev.hookkeeper.core.port.IdentityStore;
import dev.hookkeeper.core.port.SessionStore;
import dev.hookkeeper.core.port.SignInStore;
import java.util.Objects;

/** The sign-in stores of one adapter, on the database of its {@link StoreFixture}. */
public record SignInStoreFixture(IdentityStore identities, SessionStore sessions, SignInStore signIns) {
  public SignInStoreFixture {
    Objects.requireNonNull(identities, "identities == null");
    Objects.requireNonNull(sessions, "sessions == null");
    Objects.requireNonNull(signIns, "signIns == null");
  }
}
