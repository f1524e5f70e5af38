package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.SignInPorts;
import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.Session;
import dev.hookkeeper.core.model.UserId;
import java.time.Instant;
import java.util.Objects;

/** Signs a user in on one browser: a new random session token, stored only as its SHA-256. */
public final class StartSession {
  static final String PREFIX = "hks_";

  private final Ports ports;
  private final SignInPorts signIn;
  private final SignInSettings settings;

  public StartSession(Ports ports, SignInPorts signIn, SignInSettings settings) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.signIn = Objects.requireNonNull(signIn, "signIn == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
  }

  /** @return the token for the browser's cookie (shown nowhere else) and the stored session */
  public SessionStart start(UserId userId) {
    Secret token = Secret.of(PREFIX + ports.secrets().newSecret().reveal());
    Instant now = ports.clock().instant();
    Session session = new Session(Sha256.hex(token.reveal()), userId, now, now.plus(settings.sessionTtl()));
    signIn.sessions().create(session);
    return new SessionStart(token, session);
  }
}
