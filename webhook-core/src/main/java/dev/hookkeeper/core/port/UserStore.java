package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import java.util.Optional;

/** Users and their API tokens, which are stored only as hex SHA-256 hashes. */
public interface UserStore {

  void create(User user, String apiTokenSha256);

  Optional<User> find(UserId id);

  Optional<User> findByApiToken(String apiTokenSha256);
}
