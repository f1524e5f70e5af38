package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.HookCleanupQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Durable queue of provider hooks to delete, in {@code hook_cleanups}. */
final class JdbiHookCleanupQueue implements HookCleanupQueue {

  private final Database db;

  JdbiHookCleanupQueue(Database db) {
    this.db = db;
  }

  @Override
  public void enqueue(HookCleanup c) {
    Objects.requireNonNull(c, "cleanup == null");
    db.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO hook_cleanups (id, provider, token_owner, provider_repo_id,"
                        + " repository_full_name, provider_hook_id, attempts, next_attempt_at, last_error, created_at)"
                        + " VALUES (:id, :provider, :owner, :repoId, :fullName, :hookId, :attempts, :next,"
                        + " :lastError, :createdAt) ON CONFLICT (id) DO UPDATE SET provider = EXCLUDED.provider,"
                        + " token_owner = EXCLUDED.token_owner, provider_repo_id = EXCLUDED.provider_repo_id,"
                        + " repository_full_name = EXCLUDED.repository_full_name,"
                        + " provider_hook_id = EXCLUDED.provider_hook_id, attempts = EXCLUDED.attempts,"
                        + " next_attempt_at = EXCLUDED.next_attempt_at, last_error = EXCLUDED.last_error,"
                        + " created_at = EXCLUDED.created_at")
                .bind("id", c.id())
                .bind("provider", c.provider().id())
                .bind("owner", c.tokenOwner().value())
                .bind("repoId", c.providerRepoId())
                .bind("fullName", c.repositoryFullName())
                .bind("hookId", c.providerHookId())
                .bind("attempts", c.attempts())
                .bind("next", Sql.ts(c.nextAttemptAt()))
                .bind("lastError", c.lastError())
                .bind("createdAt", Sql.ts(c.createdAt()))
                .execute());
  }

  @Override
  public List<HookCleanup> due(Instant now, int limit) {
    Objects.requireNonNull(now, "now == null");
    if (limit < 1) throw new IllegalArgumentException("'limit' must be at least 1");
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM hook_cleanups WHERE next_attempt_at <= :now"
                        + " ORDER BY next_attempt_at, id LIMIT :limit")
                .bind("now", Sql.ts(now))
                .bind("limit", limit)
                .map((rs, ctx) -> map(rs))
                .list());
  }

  @Override
  public Optional<HookCleanup> claim(String cleanupId) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT * FROM hook_cleanups WHERE id = :id FOR UPDATE")
                .bind("id", cleanupId)
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public int cancel(Provider provider, String providerHookId) {
    // a row claimed by an attempt under way makes this wait for it (row lock), then re-read it
    return db.withHandle(
        h ->
            h.createUpdate("DELETE FROM hook_cleanups WHERE provider = :provider AND provider_hook_id = :hook")
                .bind("provider", provider.id())
                .bind("hook", providerHookId)
                .execute());
  }

  @Override
  public List<HookCleanup> listByTokenOwner(UserId tokenOwner) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT * FROM hook_cleanups WHERE token_owner = :owner ORDER BY created_at, id")
                .bind("owner", tokenOwner.value())
                .map((rs, ctx) -> map(rs))
                .list());
  }

  @Override
  public void complete(String cleanupId) {
    db.useHandle(h -> h.createUpdate("DELETE FROM hook_cleanups WHERE id = :id").bind("id", cleanupId).execute());
  }

  @Override
  public void reschedule(String cleanupId, int attempts, Instant nextAttemptAt, String lastError) {
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt == null");
    db.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE hook_cleanups SET attempts = :attempts, next_attempt_at = :next, last_error = :error"
                        + " WHERE id = :id")
                .bind("id", cleanupId)
                .bind("attempts", attempts)
                .bind("next", Sql.ts(nextAttemptAt))
                .bind("error", lastError)
                .execute());
  }

  private static HookCleanup map(ResultSet rs) throws SQLException {
    return new HookCleanup(
        rs.getString("id"),
        Sql.provider(rs, "provider"),
        new UserId(rs.getString("token_owner")),
        rs.getLong("provider_repo_id"),
        rs.getString("repository_full_name"),
        rs.getString("provider_hook_id"),
        rs.getInt("attempts"),
        Sql.instant(rs, "next_attempt_at"),
        rs.getString("last_error"),
        Sql.instant(rs, "created_at"));
  }
}
