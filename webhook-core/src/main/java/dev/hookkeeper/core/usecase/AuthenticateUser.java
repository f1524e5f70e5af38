package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.UserStore;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the user an API token belongs to. Tokens are high-entropy, so an unsalted SHA-256 lookup is
 * safe and makes the comparison independent of the token's value (no timing oracle).
 */
public final class AuthenticateUser {
  private final UserStore users;

  public AuthenticateUser(UserStore users) {
    this.users = Objects.requireNonNull(users, "users == null");
  }

  public Optional<User> authenticate(String presentedApiToken) {
    if (presentedApiToken == null || presentedApiToken.isBlank()) return Optional.empty();
    return users.findByApiToken(Sha256.hex(presentedApiToken));
  }
}
