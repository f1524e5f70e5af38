package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Users' provider tokens. Durable implementations encrypt the token and any refresh token at rest
 * (with the owning user and provider as associated data) and never log them.
 */
public interface TokenVault {

  /**
   * Stores or replaces the user's token for {@code credential.provider()}: the access token and its
   * renewal (refresh token, expiry) are written together, so a rotated pair is never half stored.
   */
  void store(UserId userId, ProviderCredential credential);

  Optional<ProviderCredential> find(UserId userId, Provider provider);

  /**
   * As {@link #find}, and inside a transaction ({@link TransactionRunner}) holds the row until it
   * ends, so two renewals of one token run one after the other: the second sees the pair the first
   * stored and does not spend the rotated refresh token again.
   */
  Optional<ProviderCredential> findForRenewal(UserId userId, Provider provider);

  /** Renewable tokens whose access token expires before {@code cutoff}, soonest first, at most {@code limit}. */
  List<Expiring> expiringBefore(Instant cutoff, int limit);

  /** Forgets the user's token for {@code provider}; returns whether there was one. */
  boolean delete(UserId userId, Provider provider);

  /** A renewable token that expires soon. */
  record Expiring(UserId userId, Provider provider, Instant expiresAt) {
    public Expiring {
      Objects.requireNonNull(userId, "userId == null");
      Objects.requireNonNull(provider, "provider == null");
      Objects.requireNonNull(expiresAt, "expiresAt == null");
    }
  }
}
