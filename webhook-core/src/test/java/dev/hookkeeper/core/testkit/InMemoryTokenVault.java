package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.TokenVault;
import java.util.HashMap;
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
