package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.port.RepositoryStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/** Repositories, unique by (provider, provider repository id). */
final class JdbiRepositoryStore implements RepositoryStore {

  private final Database db;

  JdbiRepositoryStore(Database db) {
    this.db = db;
  }

  @Override
  public Repository upsert(Repository candidate) {
    Objects.requireNonNull(candidate, "candidate == null");
    // one statement, so two users connecting the same repository at once end up on one row
    return db.withHandle(
        h ->
            h.createQuery(
                    "INSERT INTO repositories"
                        + " (id, provider, provider_repo_id, full_name, default_branch, private, created_at, updated_at)"
                        + " VALUES (:id, :provider, :repoId, :fullName, :branch, :private, :at, :at)"
                        + " ON CONFLICT (provider, provider_repo_id) DO UPDATE SET"
                        + " full_name = EXCLUDED.full_name, default_branch = EXCLUDED.default_branch,"
                        + " private = EXCLUDED.private, updated_at = now()"
                        + " RETURNING *")
                .bind("id", candidate.id().value())
                .bind("provider", candidate.provider().id())
                .bind("repoId", candidate.providerRepoId())
                .bind("fullName", candidate.fullName())
                .bind("branch", candidate.defaultBranch())
                .bind("private", candidate.privateRepo())
                .bind("at", Sql.ts(candidate.createdAt()))
                .map((rs, ctx) -> map(rs))
                .one());
  }

  @Override
  public Optional<Repository> find(RepositoryId id) {
    return db.withHandle(
        h -> h.createQuery("SELECT * FROM repositories WHERE id = :id").bind("id", id.value()).map((rs, ctx) -> map(rs)).findOne());
  }

  @Override
  public Optional<Repository> findByProviderId(Provider provider, long providerRepoId) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT * FROM repositories WHERE provider = :provider AND provider_repo_id = :repoId")
                .bind("provider", provider.id())
                .bind("repoId", providerRepoId)
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public void rename(RepositoryId id, String newFullName) {
    Objects.requireNonNull(newFullName, "newFullName == null");
    db.useHandle(
        h ->
            h.createUpdate("UPDATE repositories SET full_name = :name, updated_at = now() WHERE id = :id")
                .bind("id", id.value())
                .bind("name", newFullName)
                .execute());
  }

  static Repository map(ResultSet rs) throws SQLException {
    return new Repository(
        new RepositoryId(rs.getString("id")),
        Sql.provider(rs, "provider"),
        rs.getLong("provider_repo_id"),
        rs.getString("full_name"),
        rs.getString("default_branch"),
        rs.getBoolean("private"),
        Sql.instant(rs, "created_at"));
  }
}
