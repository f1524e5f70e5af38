package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderAccount;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.IdentityStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Provider identities by (provider, stable user id). Thread-safe. */
public final class InMemoryIdentityStore implements IdentityStore {
  private final Object lock = new Object();
  private final Map<Key, Bound> identities = new HashMap<>();

  @Override
  public Optional<UserId> find(Provider provider, String providerUserId) {
    synchronized (lock) {
      return Optional.ofNullable(identities.get(new Key(provider, providerUserId))).map(Bound::userId);
    }
  }

  @Override
  public boolean insertIfAbsent(UserId userId, ProviderAccount account, Instant boundAt) {
    Objects.requireNonNull(userId, "userId == null");
    Objects.requireNonNull(account, "account == null");
    synchronized (lock) {
      Key key = new Key(account.provider(), account.providerUserId());
      if (identities.containsKey(key)) return false;
      boolean holdsProvider = identities.values().stream()
          .anyMatch(b -> b.userId().equals(userId) && b.account().provider() == account.provider());
      if (holdsProvider) return false;
      identities.put(key, new Bound(userId, account));
      return true;
    }
  }

  @Override
  public void signedIn(ProviderAccount account, Instant at) {
    synchronized (lock) {
      identities.computeIfPresent(new Key(account.provider(), account.providerUserId()),
          (k, b) -> new Bound(b.userId(), account));
    }
  }

  @Override
  public List<ProviderAccount> ofUser(UserId userId) {
    synchronized (lock) {
      return identities.values().stream().filter(b -> b.userId().equals(userId)).map(Bound::account)
          .sorted(Comparator.comparing(ProviderAccount::provider)).toList();
    }
  }

  private record Key(Provider provider, String providerUserId) {}

  private record Bound(UserId userId, ProviderAccount account) {}
}
