package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.IdGenerator;
import dev.hookkeeper.core.port.SecretGenerator;
import dev.hookkeeper.core.port.UserStore;
import java.time.InstantSource;
import java.util.Objects;

/** Creates a user and its API token. The token is returned once and stored only as a hash. */
public final class CreateUser {
  private static final int MAX_NAME_LENGTH = 100;

  private final UserStore users;
  private final SecretGenerator secrets;
  private final IdGenerator ids;
  private final InstantSource clock;

  public CreateUser(
      UserStore users, SecretGenerator secrets, IdGenerator ids, InstantSource clock) {
    this.users = Objects.requireNonNull(users, "users == null");
    this.secrets = Objects.requireNonNull(secrets, "secrets == null");
    this.ids = Objects.requireNonNull(ids, "ids == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * @throws IllegalArgumentException for a blank or over-long name
   */
  public CreatedUser create(String name) {
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty()) throw new IllegalArgumentException("'name' must not be blank");
    if (trimmed.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "'name' must be at most " + MAX_NAME_LENGTH + " characters");
    }
    User user = new User(new UserId(ids.newId("usr")), trimmed, clock.instant());
    Secret token = ApiTokens.next(secrets);
    users.create(user, Sha256.hex(token.reveal()));
    return new CreatedUser(user, token);
  }

  /**
   * @param apiToken shown to the caller once; never stored in plaintext
   */
  public record CreatedUser(User user, Secret apiToken) {}
}
