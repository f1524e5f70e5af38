package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SecretGenerator;
import dev.hookkeeper.core.port.StoreUnavailableException;
import dev.hookkeeper.core.port.UserStore;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The user a host application knows by its own id, created the first time it is seen: for hosts
 * that authenticate their users themselves (the Javalin plugin's authentication hook) rather than
 * with Hookkeeper's API tokens. The user is named after the id and gets an API token nobody is
 * shown; two first requests of one user at once end with the same single user.
 */
public final class EnsureUser {
  private static final int MAX_NAME_LENGTH = 100;

  private final UserStore users;
  private final SecretGenerator secrets;
  private final InstantSource clock;

  public EnsureUser(UserStore users, SecretGenerator secrets, InstantSource clock) {
    this.users = Objects.requireNonNull(users, "users == null");
    this.secrets = Objects.requireNonNull(secrets, "secrets == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  public User ensure(UserId id) {
    Objects.requireNonNull(id, "id == null");
    Optional<User> known = users.find(id);
    if (known.isPresent()) return known.get();
    String name = id.value().strip();
    User user =
        new User(
            id,
            name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name,
            clock.instant());
    try {
      users.create(user, Sha256.hex(ApiTokens.next(secrets).reveal()));
      return user;
    } catch (StoreUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      // a concurrent first request created it: the key is the id, so there is one user either way
      return users.find(id).orElseThrow(() -> e);
    }
  }
}
