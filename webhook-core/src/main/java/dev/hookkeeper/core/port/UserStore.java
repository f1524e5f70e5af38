package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import java.util.Optional;

/** Users and their API tokens, which are stored only as hex SHA-256 hashes. */
public interface UserStore {

  void create(User user, String apiTokenSha256);

  Optional<User> find(UserId id);

  Optional<User> findByApiToken(String apiTokenSha256);

  /**
   * Replaces the user's API token hash: the old token authenticates no more from the moment this
   * returns. Returns false when there is no such user.
   */
  boolean replaceApiToken(UserId id, String newApiTokenSha256);

  /**
   * Deletes the user. The caller first removes what refers to the user (provider tokens,
   * connections, notifications, hooks it manages, queued cleanups that need its tokens); a store
   * with foreign keys refuses otherwise. Returns whether a user was deleted.
   */
  boolean delete(UserId id);
}
