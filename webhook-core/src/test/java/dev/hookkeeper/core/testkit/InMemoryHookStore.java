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
      if (byId.containsKey(hook.id()) || findByRepository(hook.repositoryId()).isPresent()) return false;
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
  public boolean recordProviderHook(HookId id, String expectedProviderHookId, String providerHookId, UserId manager,
      Instant at) {
    Objects.requireNonNull(providerHookId, "providerHookId == null");
    Objects.requireNonNull(manager, "manager == null");
    Objects.requireNonNull(at, "at == null");
    synchronized (lock) {
      RepositoryHook h = byId.get(id);
      if (h == null || !names(h, expectedProviderHookId, providerHookId)) return false;
      boolean proven = providerHookId.equals(h.providerHookId()) && h.status() == HookStatus.ACTIVE;
      byId.put(id, new RepositoryHook(h.id(), h.repositoryId(), h.provider(), providerHookId, h.secret(),
          h.previousSecret(), h.tokenLookupHash(), h.url(), h.events(), proven ? HookStatus.ACTIVE : HookStatus.PENDING,
          null, null, manager, h.secretVersion(), h.createdAt(), at, h.lastDeliveryAt()));
      return true;
    }
  }

  @Override
  public boolean recordRefusal(HookId id, String expectedProviderHookId, UserId manager, FailureReason reason,
      String message, Instant at) {
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
  public boolean rotateSecret(HookId id, EncryptedSecret newSecret, String newLookupHash, Instant at) {
    Objects.requireNonNull(newSecret, "newSecret == null");
    Objects.requireNonNull(newLookupHash, "newLookupHash == null");
    synchronized (lock) {
      RepositoryHook h = byId.get(id);
      if (h == null) return false;
      byId.put(id, h.withRotatedSecret(newSecret, newLookupHash, at));
      return true;
    }
  }

  private static boolean names(RepositoryHook h, String expected, String alternative) {
    return Objects.equals(h.providerHookId(), expected) || Objects.equals(h.providerHookId(), alternative);
  }

  @Override
  public boolean updateStatus(HookId id, HookStatus status, FailureReason reason, String message, Instant at) {
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
  public void markDelivered(HookId id, Instant at) {
    Objects.requireNonNull(at, "at == null");
    synchronized (lock) {
      byId.computeIfPresent(id, (k, h) -> h.lastDeliveryAt() != null && !at.isAfter(h.lastDeliveryAt())
          ? h
          : new RepositoryHook(h.id(), h.repositoryId(), h.provider(), h.providerHookId(), h.secret(),
              h.previousSecret(), h.tokenLookupHash(), h.url(), h.events(), h.status(), h.failureReason(),
              h.failureMessage(), h.managedBy(), h.secretVersion(), h.createdAt(), h.updatedAt(), at));
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
    return first(h -> h.provider() == provider && Objects.equals(h.providerHookId(), providerHookId));
  }

  @Override
  public Optional<RepositoryHook> findByTokenHash(Provider provider, String tokenLookupHash) {
    return first(h -> h.provider() == provider && h.tokenLookupHash().equals(tokenLookupHash));
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
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.of(byId);
  }

  private Optional<RepositoryHook> first(Predicate<RepositoryHook> matches) {
    synchronized (lock) {
      return byId.values().stream().filter(matches).findFirst();
    }
  }
}
