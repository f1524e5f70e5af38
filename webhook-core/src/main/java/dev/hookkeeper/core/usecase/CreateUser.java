package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import java.util.Objects;

/** Creates a user and its API token. The token is returned once and stored only as a hash. */
public final class CreateUser {
  private static final int MAX_NAME_LENGTH = 100;

  private final Ports ports;

  public CreateUser(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
  }

  /** @throws IllegalArgumentException for a blank or over-long name */
  public CreatedUser create(String name) {
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty()) throw new IllegalArgumentException("'name' must not be blank");
    if (trimmed.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("'name' must be at most " + MAX_NAME_LENGTH + " characters");
    }
    User user = new User(new UserId(ports.ids().newId("usr")), trimmed, ports.clock().instant());
    Secret token = ApiTokens.next(ports.secrets());
    ports.users().create(user, Sha256.hex(token.reveal()));
    return new CreatedUser(user, token);
  }

  /** @param apiToken shown to the caller once; never stored in plaintext */
  public record CreatedUser(User user, Secret apiToken) {}
}
