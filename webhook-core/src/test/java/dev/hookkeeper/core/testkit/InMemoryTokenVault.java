package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.TokenVault;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Provider tokens per (user, provider). Plaintext in memory: there is no disk to protect. */
public final class InMemoryTokenVault implements TokenVault, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final Map<Key, ProviderCredential> credentials = new HashMap<>();

  public InMemoryTokenVault() {
    this(new Object());
  }

  public InMemoryTokenVault(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
  }

  @Override
  public void store(UserId userId, ProviderCredential credential) {
    Objects.requireNonNull(userId, "userId == null");
    Objects.requireNonNull(credential, "credential == null");
    synchronized (lock) {
      credentials.put(new Key(userId, credential.provider()), credential);
    }
  }

  @Override
  public Optional<ProviderCredential> find(UserId userId, Provider provider) {
    synchronized (lock) {
      return Optional.ofNullable(credentials.get(new Key(userId, provider)));
    }
  }

  /** The in-memory transaction holds the one lock every store shares: that is the row lock. */
  @Override
  public Optional<ProviderCredential> findForRenewal(UserId userId, Provider provider) {
    return find(userId, provider);
  }

  @Override
  public List<Expiring> expiringBefore(Instant cutoff, int limit) {
    synchronized (lock) {
      return credentials.entrySet().stream()
          .filter(e -> e.getValue().renewable() && e.getValue().renewal().accessTokenExpiresAt().isBefore(cutoff))
          .map(e -> new Expiring(e.getKey().userId(), e.getKey().provider(),
              e.getValue().renewal().accessTokenExpiresAt()))
          .sorted(Comparator.comparing(Expiring::expiresAt))
          .limit(limit)
          .toList();
    }
  }

  @Override
  public boolean delete(UserId userId, Provider provider) {
    synchronized (lock) {
      return credentials.remove(new Key(userId, provider)) != null;
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.of(credentials);
  }

  private record Key(UserId userId, Provider provider) {}
}
