package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.port.HookStore;
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
  private final long ttlNanos;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  HookLookup(HookStore hooks, Duration ttl) {
    this.hooks = hooks;
    this.ttlNanos = ttl.toNanos();
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

  /** Drops everything kept. */
  void forgetAll() {
    cache.clear();
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
