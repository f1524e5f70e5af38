package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.SignInPorts;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Session;
import dev.hookkeeper.core.model.User;
import java.util.Objects;
import java.util.Optional;

/**
 * The user behind a session token, while the session lasts. Looked up by the token's SHA-256, so
 * the comparison does not depend on the token's value (no timing oracle); an expired session is
 * deleted when it is presented.
 */
public final class AuthenticateSession {
  private static final int MAX_TOKEN = 200;

  private final Ports ports;
  private final SignInPorts signIn;

  public AuthenticateSession(Ports ports, SignInPorts signIn) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.signIn = Objects.requireNonNull(signIn, "signIn == null");
  }

  public Optional<SignedIn> authenticate(String presentedToken) {
    if (presentedToken == null || presentedToken.isBlank() || presentedToken.length() > MAX_TOKEN) return Optional.empty();
    String hash = Sha256.hex(presentedToken);
    Optional<Session> session = signIn.sessions().find(hash);
    if (session.isEmpty()) return Optional.empty();
    if (session.get().expiredAt(ports.clock().instant())) {
      signIn.sessions().delete(hash);
      return Optional.empty();
    }
    return ports.users().find(session.get().userId()).map(u -> new SignedIn(u, session.get()));
  }

  public record SignedIn(User user, Session session) {}
}
