package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.UserId;
import java.util.Optional;

/**
 * Users' provider tokens. Durable implementations encrypt the token at rest (with the owning
 * user and provider as associated data) and never log it.
 */
public interface TokenVault {

  /** Stores or replaces the user's token for {@code credential.provider()}. */
  void store(UserId userId, ProviderCredential credential);

  Optional<ProviderCredential> find(UserId userId, Provider provider);

  /** Forgets the user's token for {@code provider}; returns whether there was one. */
  boolean delete(UserId userId, Provider provider);
}
