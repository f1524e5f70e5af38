package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SecretGenerator;
import dev.hookkeeper.core.port.UserStore;
import java.util.Objects;

/**
 * Gives a user a new API token in place of the old one, which authenticates no more from the moment
 * this returns. The new token is returned once and stored only as a hash.
 */
public final class RotateApiToken {
  private final UserStore users;
  private final SecretGenerator secrets;

  public RotateApiToken(UserStore users, SecretGenerator secrets) {
    this.users = Objects.requireNonNull(users, "users == null");
    this.secrets = Objects.requireNonNull(secrets, "secrets == null");
  }

  public Result rotate(UserId userId) {
    Secret token = ApiTokens.next(secrets);
    if (!users.replaceApiToken(userId, Sha256.hex(token.reveal())))
      return new Result.UserNotFound();
    return new Result.Rotated(token);
  }

  public sealed interface Result {
    /**
     * @param apiToken shown to the caller once; never stored in plaintext
     */
    record Rotated(Secret apiToken) implements Result {}

    /** The user was deleted meanwhile. */
    record UserNotFound() implements Result {}
  }
}
