package dev.hookkeeper.core.config;

import dev.hookkeeper.core.port.IdentityStore;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.port.SessionStore;
import dev.hookkeeper.core.port.SignInStore;
import java.util.Objects;

/**
 * What signing in with a provider keeps besides {@link Stores}: provider identities bound to users,
 * browser sessions, and sign-ins under way. Only a host with a browser front end needs them. The
 * transaction runner of {@link Stores} must cover them too (a first sign-in creates the user, binds
 * the identity and stores the token as one).
 */
public record SignInStores(IdentityStore identities, SessionStore sessions, SignInStore signIns) {
  public SignInStores {
    Objects.requireNonNull(identities, "identities == null");
    Objects.requireNonNull(sessions, "sessions == null");
    Objects.requireNonNull(signIns, "signIns == null");
  }

  /**
   * Builds the sign-in stores once the cipher is known (pending sign-ins keep their PKCE verifier
   * encrypted).
   */
  @FunctionalInterface
  public interface Factory {
    SignInStores create(SecretCipher cipher);
  }
}
