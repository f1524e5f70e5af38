package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.Session;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SessionStore;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Sessions by token hash. Thread-safe. */
public final class InMemorySessionStore implements SessionStore {
  private final Object lock = new Object();
  private final Map<String, Session> sessions = new LinkedHashMap<>();

  @Override
  public void create(Session session) {
    Objects.requireNonNull(session, "session == null");
    synchronized (lock) {
      if (sessions.putIfAbsent(session.tokenSha256(), session) != null) throw new IllegalStateException("session exists");
    }
  }

  @Override
  public Optional<Session> find(String tokenSha256) {
    synchronized (lock) {
      return Optional.ofNullable(sessions.get(tokenSha256));
    }
  }

  @Override
  public boolean delete(String tokenSha256) {
    synchronized (lock) {
      return sessions.remove(tokenSha256) != null;
    }
  }

  @Override
  public int deleteAllOf(UserId userId) {
    synchronized (lock) {
      int before = sessions.size();
      sessions.values().removeIf(s -> s.userId().equals(userId));
      return before - sessions.size();
    }
  }

  @Override
  public int purgeExpired(Instant now, int batchSize) {
    synchronized (lock) {
      int purged = 0;
      for (Iterator<Session> it = sessions.values().iterator(); it.hasNext() && purged < batchSize; ) {
        if (it.next().expiredAt(now)) {
          it.remove();
          purged++;
        }
      }
      return purged;
    }
  }
}
