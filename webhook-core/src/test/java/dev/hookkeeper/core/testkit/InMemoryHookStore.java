package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.HookStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** At most one hook per repository, found by id, repository, provider hook id or token hash. */
public final class InMemoryHookStore implements HookStore, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final Map<HookId, RepositoryHook> byId = new HashMap<>();

  /** The token hash of each hook's previous secret, until it is retired. */
  private final Map<HookId, String> previousHash = new HashMap<>();

  public InMemoryHookStore() {
    this(new Object());
  }

  public InMemoryHookStore(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
  }

  @Override
  public boolean insertIfAbsent(RepositoryHook hook) {
    Objects.requireNonNull(hook, "hook == null");
    synchronized (lock) {
      if (byId.containsKey(hook.id()) || findByRepository(hook.repositoryId()).isPresent())
        return false;
      byId.put(hook.id(), hook);
      return true;
    }
  }

  @Override
  public Optional<RepositoryHook> lockByRepository(RepositoryId repositoryId) {
    // the shared lock already makes a transaction exclusive: nothing else can run meanwhile
    return findByRepository(repositoryId);
  }

  @Override
  public boolean recordProviderHook(
      HookId id, String expectedProviderHookId, String providerHookId, UserId manager, Instant at) {
    Objects.requireNonNull(providerHookId, "providerHookId == null");
    Objects.requireNonNull(manager, "manager == null");
    Objects.requireNonNull(at, "at == null");
    synchronized (lock) {
      RepositoryHook h = byId.get(id);
      if (h == null || !names(h, expectedProviderHookId, providerHookId)) return false;
      boolean proven = providerHookId.equals(h.providerHookId()) && h.status() == HookStatus.ACTIVE;
      byId.put(
          id,
          new RepositoryHook(
              h.id(),
              h.repositoryId(),
              h.provider(),
              providerHookId,
              h.secret(),
              h.previousSecret(),
              h.tokenLookupHash(),
              h.url(),
              h.events(),
              proven ? HookStatus.ACTIVE : HookStatus.PENDING,
              null,
              null,
              manager,
              h.secretVersion(),
              h.createdAt(),
              at,
              h.lastDeliveryAt(),
              h.secretSetAt()));
      return true;
    }
  }

  @Override
  public boolean recordRefusal(
      HookId id,
      String expectedProviderHookId,
      UserId manager,
      FailureReason reason,
      String message,
      Instant at) {
    Objects.requireNonNull(manager, "manager == null");
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(at, "at == null");
    synchronized (lock) {
      RepositoryHook h = byId.get(id);
      if (h == null || !names(h, expectedProviderHookId, expectedProviderHookId)) return false;
      byId.put(id, h.withStatus(HookStatus.FAILED, reason, message, at).withManager(manager, at));
      return true;
    }
  }

  @Override
  public boolean handOver(HookId id, UserId from, UserId to, Instant at) {
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(at, "at == null");
    synchronized (lock) {
      RepositoryHook h = byId.get(id);
      if (h == null || !h.managedBy().equals(from)) return false;
      byId.put(id, h.withManager(to, at));
      return true;
    }
  }

  @Override
  public boolean rotateSecret(
      HookId id, EncryptedSecret newSecret, String newLookupHash, Instant at) {
    Objects.requireNonNull(newSecret, "newSecret == null");
    Objects.requireNonNull(newLookupHash, "newLookupHash == null");
    synchronized (lock) {
      RepositoryHook h = byId.get(id);
      if (h == null) return false;
      byId.put(id, h.withRotatedSecret(newSecret, newLookupHash, at));
      previousHash.put(id, h.tokenLookupHash());
      return true;
    }
  }

  @Override
  public boolean abandonRotation(HookId id, String rotatedLookupHash, Instant at) {
    Objects.requireNonNull(rotatedLookupHash, "rotatedLookupHash == null");
    Objects.requireNonNull(at, "at == null");
    synchronized (lock) {
      RepositoryHook h = byId.get(id);
      String previous = previousHash.get(id);
      if (h == null
          || !h.tokenLookupHash().equals(rotatedLookupHash)
          || h.previousSecret() == null
          || previous == null) {
        return false;
      }
      byId.put(
          id,
          new RepositoryHook(
              h.id(),
              h.repositoryId(),
              h.provider(),
              h.providerHookId(),
              h.previousSecret(),
              null,
              previous,
              h.url(),
              h.events(),
              h.status(),
              h.failureReason(),
              h.failureMessage(),
              h.managedBy(),
              h.secretVersion() + 1,
              h.createdAt(),
              at,
              h.lastDeliveryAt(),
              h.secretSetAt()));
      previousHash.remove(id);
      return true;
    }
  }

  @Override
  public List<HookId> retirePreviousSecrets(Instant setBefore, int limit) {
    Objects.requireNonNull(setBefore, "setBefore == null");
    if (limit < 1) throw new IllegalArgumentException("'limit' must be at least 1");
    synchronized (lock) {
      List<HookId> retired =
          byId.values().stream()
              .filter(h -> h.previousSecret() != null && h.secretSetAt().isBefore(setBefore))
              .map(RepositoryHook::id)
              .sorted(Comparator.comparing(HookId::value))
              .limit(limit)
              .toList();
      for (HookId id : retired) {
        RepositoryHook h = byId.get(id);
        byId.put(
            id,
            new RepositoryHook(
                h.id(),
                h.repositoryId(),
                h.provider(),
                h.providerHookId(),
                h.secret(),
                null,
                h.tokenLookupHash(),
                h.url(),
                h.events(),
                h.status(),
                h.failureReason(),
                h.failureMessage(),
                h.managedBy(),
                h.secretVersion(),
                h.createdAt(),
                h.updatedAt(),
                h.lastDeliveryAt(),
                h.secretSetAt()));
        previousHash.remove(id);
      }
      return retired;
    }
  }

  @Override
  public boolean recordSpec(HookId id, String url, List<String> events, Instant at) {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(events, "events == null");
    Objects.requireNonNull(at, "at == null");
    synchronized (lock) {
      RepositoryHook h = byId.get(id);
      if (h == null) return false;
      byId.put(id, h.withSpec(url, events, at));
      return true;
    }
  }

  private static boolean names(RepositoryHook h, String expected, String alternative) {
    return Objects.equals(h.providerHookId(), expected)
        || Objects.equals(h.providerHookId(), alternative);
  }

  @Override
  public boolean updateStatus(
      HookId id, HookStatus status, FailureReason reason, String message, Instant at) {
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(at, "at == null");
    synchronized (lock) {
      RepositoryHook current = byId.get(id);
      if (current == null) return false;
      byId.put(id, current.withStatus(status, reason, message, at));
      return current.status() != status;
    }
  }

  @Override
  public boolean updateStatusIf(
      HookId id,
      HookStatus expected,
      HookStatus status,
      FailureReason reason,
      String message,
      Instant at) {
    Objects.requireNonNull(expected, "expected == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(at, "at == null");
    synchronized (lock) {
      RepositoryHook current = byId.get(id);
      if (current == null || current.status() != expected) return false;
      byId.put(id, current.withStatus(status, reason, message, at));
      return true;
    }
  }

  @Override
  public void markDelivered(HookId id, Instant at) {
    Objects.requireNonNull(at, "at == null");
    synchronized (lock) {
      byId.computeIfPresent(
          id,
          (k, h) ->
              h.lastDeliveryAt() != null && !at.isAfter(h.lastDeliveryAt())
                  ? h
                  : new RepositoryHook(
                      h.id(),
                      h.repositoryId(),
                      h.provider(),
                      h.providerHookId(),
                      h.secret(),
                      h.previousSecret(),
                      h.tokenLookupHash(),
                      h.url(),
                      h.events(),
                      h.status(),
                      h.failureReason(),
                      h.failureMessage(),
                      h.managedBy(),
                      h.secretVersion(),
                      h.createdAt(),
                      h.updatedAt(),
                      at,
                      h.secretSetAt()));
    }
  }

  @Override
  public Optional<RepositoryHook> find(HookId id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id));
    }
  }

  @Override
  public Optional<RepositoryHook> findByRepository(RepositoryId repositoryId) {
    return first(h -> h.repositoryId().equals(repositoryId));
  }

  @Override
  public Optional<RepositoryHook> findByProviderHookId(Provider provider, String providerHookId) {
    return first(
        h -> h.provider() == provider && Objects.equals(h.providerHookId(), providerHookId));
  }

  @Override
  public Optional<RepositoryHook> findByTokenHash(Provider provider, String tokenLookupHash) {
    synchronized (lock) {
      return first(
          h ->
              h.provider() == provider
                  && (h.tokenLookupHash().equals(tokenLookupHash)
                      || tokenLookupHash.equals(previousHash.get(h.id()))));
    }
  }

  @Override
  public List<RepositoryHook> listManagedBy(UserId manager) {
    synchronized (lock) {
      return byId.values().stream()
          .filter(h -> h.managedBy().equals(manager))
          .sorted(Comparator.comparing(h -> h.id().value()))
          .toList();
    }
  }

  @Override
  public void delete(HookId id) {
    synchronized (lock) {
      byId.remove(id);
      previousHash.remove(id);
    }
  }

  @Override
  public Map<HookStatus, Long> countByStatus() {
    synchronized (lock) {
      Map<HookStatus, Long> counts = new EnumMap<>(HookStatus.class);
      for (HookStatus s : HookStatus.values()) counts.put(s, 0L);
      byId.values().forEach(h -> counts.merge(h.status(), 1L, Long::sum));
      return counts;
    }
  }

  /** Every hook, in id order. */
  public List<RepositoryHook> all() {
    synchronized (lock) {
      return byId.values().stream().sorted(Comparator.comparing(h -> h.id().value())).toList();
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.all(Checkpoints.of(byId), Checkpoints.of(previousHash));
  }

  private Optional<RepositoryHook> first(Predicate<RepositoryHook> matches) {
    synchronized (lock) {
      return byId.values().stream().filter(matches).findFirst();
    }
  }
}
