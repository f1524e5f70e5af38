package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Connections, unique per (user, repository). */
final class JdbiConnectionStore implements ConnectionStore {

  private final Database db;

  JdbiConnectionStore(Database db) {
    this.db = db;
  }

  @Override
  public boolean insertIfAbsent(Connection c) {
    Objects.requireNonNull(c, "connection == null");
    return db.withHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO connections (id, user_id, repository_id, enabled, auto_pr_enabled, created_at, updated_at)"
                        + " VALUES (:id, :user, :repo, :enabled, :autoPr, :createdAt, :updatedAt)"
                        + " ON CONFLICT DO NOTHING")
                .bind("id", c.id().value())
                .bind("user", c.userId().value())
                .bind("repo", c.repositoryId().value())
                .bind("enabled", c.enabled())
                .bind("autoPr", c.autoPrEnabled())
                .bind("createdAt", Sql.ts(c.createdAt()))
                .bind("updatedAt", Sql.ts(c.updatedAt()))
                .execute() == 1);
  }

  @Override
  public Optional<Connection> find(ConnectionId id) {
    return db.withHandle(
        h -> h.createQuery("SELECT * FROM connections WHERE id = :id").bind("id", id.value()).map((rs, ctx) -> map(rs)).findOne());
  }

  @Override
  public Optional<Connection> findByUserAndRepository(UserId userId, RepositoryId repositoryId) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT * FROM connections WHERE user_id = :user AND repository_id = :repo")
                .bind("user", userId.value())
                .bind("repo", repositoryId.value())
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public Page<Connection> listByUser(UserId userId, PageRequest page) {
    Cursor after = page.cursor() == null ? null : Cursor.decode(page.cursor());
    List<Connection> rows =
        db.withHandle(
            h -> {
              var query =
                  h.createQuery(
                          "SELECT * FROM connections WHERE user_id = :user"
                              + (after == null ? "" : " AND (created_at, id) < (:at, :key)")
                              + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                      .bind("user", userId.value())
                      .bind("limit", page.limit() + 1);
              if (after != null) query.bind("at", Sql.ts(after.at())).bind("key", after.key());
              return query.map((rs, ctx) -> map(rs)).list();
            });
    return Pages.of(rows, page.limit(), c -> Cursor.of(c.createdAt(), c.id().value()));
  }

  @Override
  public List<Connection> listByRepository(RepositoryId repositoryId) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT * FROM connections WHERE repository_id = :repo ORDER BY created_at, id")
                .bind("repo", repositoryId.value())
                .map((rs, ctx) -> map(rs))
                .list());
  }

  @Override
  public boolean delete(ConnectionId id) {
    return db.withHandle(h -> h.createUpdate("DELETE FROM connections WHERE id = :id").bind("id", id.value()).execute() == 1);
  }

  private static Connection map(ResultSet rs) throws SQLException {
    return new Connection(
        new ConnectionId(rs.getString("id")),
        new UserId(rs.getString("user_id")),
        new RepositoryId(rs.getString("repository_id")),
        rs.getBoolean("enabled"),
        rs.getBoolean("auto_pr_enabled"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"));
  }
}
