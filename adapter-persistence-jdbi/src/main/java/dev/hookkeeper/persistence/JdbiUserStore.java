package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.UserStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/** Users; API tokens only as SHA-256 hashes. */
final class JdbiUserStore implements UserStore {

  private final Database db;

  JdbiUserStore(Database db) {
    this.db = db;
  }

  @Override
  public void create(User user, String apiTokenSha256) {
    Objects.requireNonNull(user, "user == null");
    Objects.requireNonNull(apiTokenSha256, "apiTokenSha256 == null");
    db.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO users (id, name, api_token_sha256, created_at) VALUES (:id, :name, :hash, :at)")
                .bind("id", user.id().value())
                .bind("name", user.name())
                .bind("hash", apiTokenSha256)
                .bind("at", Sql.ts(user.createdAt()))
                .execute());
  }

  @Override
  public Optional<User> find(UserId id) {
    return db.withHandle(
        h -> h.createQuery("SELECT * FROM users WHERE id = :id").bind("id", id.value()).map((rs, ctx) -> map(rs)).findOne());
  }

  @Override
  public Optional<User> findByApiToken(String apiTokenSha256) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT * FROM users WHERE api_token_sha256 = :hash")
                .bind("hash", apiTokenSha256)
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public boolean replaceApiToken(UserId id, String newApiTokenSha256) {
    Objects.requireNonNull(newApiTokenSha256, "newApiTokenSha256 == null");
    return db.withHandle(
        h ->
            h.createUpdate("UPDATE users SET api_token_sha256 = :hash WHERE id = :id")
                .bind("id", id.value())
                .bind("hash", newApiTokenSha256)
                .execute() == 1);
  }

  @Override
  public boolean delete(UserId id) {
    return db.withHandle(h -> h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id.value()).execute() == 1);
  }

  private static User map(ResultSet rs) throws SQLException {
    return new User(new UserId(rs.getString("id")), rs.getString("name"), Sql.instant(rs, "created_at"));
  }
}
