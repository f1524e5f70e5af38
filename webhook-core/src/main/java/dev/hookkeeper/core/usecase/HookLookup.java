package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.RepositoryStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the hook an inbound delivery names. Every delivery needs one and hooks change rarely, so
 * a found hook is kept for a short time. A miss is never kept: a hook stored a moment ago must be
 * found at once (the provider pings it right away). Callers read again before refusing a
 * delivery whose signature fails on a kept hook, since its secret may have changed since.
 */
final class HookLookup {
  /** Bounds memory whatever the number of hooks: past it the cache starts over. */
  static final int MAX_ENTRIES = 10_000;

  private record Entry(RepositoryHook hook, long loadedAtNanos) {}

  private final HookStore hooks;
  private final RepositoryStore repositories;
  private final long ttlNanos;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
  /** A repository's provider id never changes, so it is kept for good (bounded like the hooks). */
  private final ConcurrentHashMap<RepositoryId, Long> providerRepoIds = new ConcurrentHashMap<>();

  HookLookup(HookStore hooks, RepositoryStore repositories, Duration ttl) {
    this.hooks = hooks;
    this.repositories = repositories;
    this.ttlNanos = ttl.toNanos();
  }

  /** The provider's stable id of the hook's repository; -1 when the repository row is gone. */
  long providerRepoId(RepositoryHook hook) {
    Long known = providerRepoIds.get(hook.repositoryId());
    if (known != null) return known;
    long id = repositories.find(hook.repositoryId()).map(Repository::providerRepoId).orElse(-1L);
    if (id > 0) {
      if (providerRepoIds.size() >= MAX_ENTRIES) providerRepoIds.clear();
      providerRepoIds.put(hook.repositoryId(), id);
    }
    return id;
  }

  Optional<RepositoryHook> find(Provider provider, HookLocator locator) {
    String key = key(provider, locator);
    if (key == null) return Optional.empty();
    Entry entry = cache.get(key);
    if (entry != null && System.nanoTime() - entry.loadedAtNanos() < ttlNanos) return Optional.of(entry.hook());
    return load(provider, locator, key);
  }

  /** Reads the store, bypassing (and refreshing) what is kept. */
  Optional<RepositoryHook> reload(Provider provider, HookLocator locator) {
    String key = key(provider, locator);
    return key == null ? Optional.empty() : load(provider, locator, key);
  }

  /** Drops a hook this process just changed, so the next delivery sees the change. */
  void forget(HookId id) {
    cache.values().removeIf(e -> e.hook().id().equals(id));
  }

  private Optional<RepositoryHook> load(Provider provider, HookLocator locator, String key) {
    Optional<RepositoryHook> found = read(provider, locator);
    if (found.isEmpty()) {
      cache.remove(key);
    } else if (ttlNanos > 0) {
      if (cache.size() >= MAX_ENTRIES) cache.clear();
      cache.put(key, new Entry(found.get(), System.nanoTime()));
    }
    return found;
  }

  private Optional<RepositoryHook> read(Provider provider, HookLocator locator) {
    if (locator instanceof HookLocator.ByProviderHookId byId) {
      return hooks.findByProviderHookId(provider, byId.providerHookId());
    }
    if (locator instanceof HookLocator.ByTokenHash byHash) {
      return hooks.findByTokenHash(provider, byHash.sha256Hex());
    }
    if (locator instanceof HookLocator.Unidentifiable) return Optional.empty();
    throw new AssertionError(locator);
  }

  private static String key(Provider provider, HookLocator locator) {
    if (locator instanceof HookLocator.ByProviderHookId byId) return provider.id() + ":id:" + byId.providerHookId();
    if (locator instanceof HookLocator.ByTokenHash byHash) return provider.id() + ":token:" + byHash.sha256Hex();
    return null;
  }
}
