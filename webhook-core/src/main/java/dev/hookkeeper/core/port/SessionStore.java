package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Session;
import dev.hookkeeper.core.model.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * Server-side browser sessions, found by the SHA-256 of their token (the token is never stored).
 * Deleting a session signs that browser out at once. Thread-safe; throws {@link
 * StoreUnavailableException} when the store is down.
 */
public interface SessionStore {

  void create(Session session);

  /** The session, expired or not (the caller judges expiry against its clock). */
  Optional<Session> find(String tokenSha256);

  /** Returns whether there was such a session. */
  boolean delete(String tokenSha256);

  /** Signs the user out everywhere; returns how many sessions ended. */
  int deleteAllOf(UserId userId);

  /** Deletes at most {@code batchSize} sessions expired at {@code now}; returns how many. */
  int purgeExpired(Instant now, int batchSize);
}
