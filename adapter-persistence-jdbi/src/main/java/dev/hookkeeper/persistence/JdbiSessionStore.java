package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Session;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SessionStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Browser sessions on {@code sessions}, by the SHA-256 of their token. */
final class JdbiSessionStore implements SessionStore {

  private final Database db;

  JdbiSessionStore(Database db) {
    this.db = db;
  }

  @Override
  public void create(Session session) {
    Objects.requireNonNull(session, "session == null");
    db.useHandle(h -> h.createUpdate("INSERT INTO sessions (token_sha256, user_id, created_at, expires_at)"
            + " VALUES (:hash, :user, :created, :expires)")
        .bind("hash", session.tokenSha256())
        .bind("user", session.userId().value())
        .bind("created", Sql.ts(session.createdAt()))
        .bind("expires", Sql.ts(session.expiresAt()))
        .execute());
  }

  @Override
  public Optional<Session> find(String tokenSha256) {
    return db.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE token_sha256 = :hash")
        .bind("hash", tokenSha256)
        .map((rs, ctx) -> new Session(rs.getString("token_sha256"), new UserId(rs.getString("user_id")),
            Sql.instant(rs, "created_at"), Sql.instant(rs, "expires_at")))
        .findOne());
  }

  @Override
  public boolean delete(String tokenSha256) {
    return db.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE token_sha256 = :hash")
        .bind("hash", tokenSha256).execute() == 1);
  }

  @Override
  public int deleteAllOf(UserId userId) {
    return db.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :user")
        .bind("user", userId.value()).execute());
  }

  @Override
  public int purgeExpired(Instant now, int batchSize) {
    return db.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE token_sha256 IN"
            + " (SELECT token_sha256 FROM sessions WHERE expires_at <= :now ORDER BY expires_at LIMIT :batch)")
        .bind("now", Sql.ts(now))
        .bind("batch", batchSize)
        .execute());
  }
}
