package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.Session;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SecretGenerator;
import dev.hookkeeper.core.port.SessionStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/** Signs a user in on one browser: a new random session token, stored only as its SHA-256. */
public final class StartSession {
  static final String PREFIX = "hks_";

  private final SecretGenerator secrets;
  private final InstantSource clock;
  private final SessionStore sessions;
  private final SignInSettings settings;

  public StartSession(
      SecretGenerator secrets,
      InstantSource clock,
      SessionStore sessions,
      SignInSettings settings) {
    this.secrets = Objects.requireNonNull(secrets, "secrets == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.sessions = Objects.requireNonNull(sessions, "sessions == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
  }

  /**
   * @return the token for the browser's cookie (shown nowhere else) and the stored session
   */
  public SessionStart start(UserId userId) {
    Secret token = Secret.of(PREFIX + secrets.newSecret().reveal());
    Instant now = clock.instant();
    Session session =
        new Session(Sha256.hex(token.reveal()), userId, now, now.plus(settings.sessionTtl()));
    sessions.create(session);
    return new SessionStart(token, session);
  }
}
