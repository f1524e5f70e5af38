package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.StoreUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds the hook an inbound delivery names. Every delivery needs one and hooks change rarely, so a
 * found hook is kept for a short time. A miss is never kept: a hook stored a moment ago must be
 * found at once (the provider pings it right away). Callers read again before refusing a delivery
 * whose signature fails on a kept hook, since its secret may have changed since.
 *
 * <p>A read of the store is waited for only until the caller's deadline: a hung database
 * (connections open, nothing answers) would otherwise hold a request past the provider's timeout,
 * since a driver gives up on a silent connection only after its socket time-out. The reads run on a
 * few threads of their own, one at a time per hook (callers asking for the same hook meanwhile wait
 * for that read), so a hang holds at most those threads, never the callers.
 *
 * <p>A hook forgotten (changed by this process, or by another instance on the same database) is
 * never brought back by a read that started before it was forgotten: such a read neither fills the
 * cache nor is joined by a later caller.
 */
final class HookLookup implements AutoCloseable {
  /** Bounds memory whatever the number of hooks: past it the cache starts over. */
  static final int MAX_ENTRIES = 10_000;

  /** Store reads at once; more callers wait for these (a hook lookup is one indexed row). */
  static final int READERS = 4;

  private record Entry(RepositoryHook hook, long loadedAtNanos) {}

  private record Read(CompletableFuture<Optional<RepositoryHook>> result, long startedNanos) {}

  private final HookStore hooks;
  private final long ttlNanos;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Read> reading = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor readers;

  /** When the last {@link #forget}: reads started before then may predate the change. */
  private volatile long forgottenAtNanos;

  HookLookup(HookStore hooks, Duration ttl) {
    this.hooks = hooks;
    this.ttlNanos = ttl.toNanos();
    this.forgottenAtNanos = System.nanoTime() - 1;
    AtomicInteger n = new AtomicInteger();
    this.readers =
        new ThreadPoolExecutor(
            READERS,
            READERS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "hookkeeper-hook-lookup-" + n.getAndIncrement());
              t.setDaemon(true);
              return t;
            });
    readers.allowCoreThreadTimeOut(true);
  }

  /** Without a deadline (tests): waits for the store as long as it takes. */
  Optional<RepositoryHook> find(Provider provider, HookLocator locator) {
    return find(provider, locator, Long.MAX_VALUE);
  }

  /**
   * The hook, kept or read from the store.
   *
   * @param deadlineNanos ({@link System#nanoTime()}) when to stop waiting for the store
   * @throws StoreUnavailableException when the store did not answer by then
   */
  Optional<RepositoryHook> find(Provider provider, HookLocator locator, long deadlineNanos) {
    String key = key(provider, locator);
    if (key == null) return Optional.empty();
    Entry entry = cache.get(key);
    if (entry != null && System.nanoTime() - entry.loadedAtNanos() < ttlNanos)
      return Optional.of(entry.hook());
    return load(provider, locator, key, null, deadlineNanos);
  }

  Optional<RepositoryHook> reload(Provider provider, HookLocator locator) {
    return reload(provider, locator, System.nanoTime(), Long.MAX_VALUE);
  }

  /**
   * Reads the store, bypassing (and refreshing) what is kept: a read under way counts only if it
   * started at or after {@code notBeforeNanos} (it may otherwise predate the change looked for).
   */
  Optional<RepositoryHook> reload(
      Provider provider, HookLocator locator, long notBeforeNanos, long deadlineNanos) {
    String key = key(provider, locator);
    return key == null
        ? Optional.empty()
        : load(provider, locator, key, notBeforeNanos, deadlineNanos);
  }

  /** Drops a hook this process just changed, so the next delivery sees the change. */
  void forget(HookId id) {
    forgottenAtNanos = System.nanoTime();
    cache.values().removeIf(e -> e.hook().id().equals(id));
  }

  /** Drops everything kept (after changes this process may not have heard of). */
  void forgetAll() {
    forgottenAtNanos = System.nanoTime();
    cache.clear();
  }

  /**
   * @param notBeforeNanos a read under way counts only if it started at or after this; {@code
   *     null}: any
   */
  private Optional<RepositoryHook> load(
      Provider provider, HookLocator locator, String key, Long notBeforeNanos, long deadlineNanos) {
    long forgotten = forgottenAtNanos;
    Read read =
        reading.compute(
            key,
            (k, current) ->
                current != null
                        && !current.result().isDone()
                        && current.startedNanos() - forgotten > 0
                        && (notBeforeNanos == null || current.startedNanos() - notBeforeNanos >= 0)
                    ? current
                    : start(provider, locator, k));
    try {
      long wait = deadlineNanos - System.nanoTime();
      if (deadlineNanos == Long.MAX_VALUE) return read.result().get();
      if (wait <= 0) throw new TimeoutException();
      return read.result().get(wait, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new StoreUnavailableException("the hook lookup did not answer in time", null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while looking up the hook", null);
    }
  }

  private Read start(Provider provider, HookLocator locator, String key) {
    CompletableFuture<Optional<RepositoryHook>> result = new CompletableFuture<>();
    Read read = new Read(result, System.nanoTime());
    try {
      readers.execute(
          () -> {
            try {
              result.complete(readAndKeep(provider, locator, key, read.startedNanos()));
            } catch (RuntimeException | Error e) {
              result.completeExceptionally(e);
            } finally {
              reading.remove(key, read);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      result.completeExceptionally(new StoreUnavailableException("hook lookups are closed", e));
    }
    return read;
  }

  private Optional<RepositoryHook> readAndKeep(
      Provider provider, HookLocator locator, String key, long startedNanos) {
    Optional<RepositoryHook> found = read(provider, locator);
    if (found.isEmpty()) {
      cache.remove(key);
    } else if (ttlNanos > 0 && startedNanos - forgottenAtNanos > 0) {
      if (cache.size() >= MAX_ENTRIES) cache.clear();
      Entry entry = new Entry(found.get(), System.nanoTime());
      cache.put(key, entry);
      // a forget between the check and the put: it wins
      if (startedNanos - forgottenAtNanos <= 0) cache.remove(key, entry);
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

  /** Stops the reader threads (a read still hung on the store is left to its driver's time-out). */
  @Override
  public void close() {
    readers.shutdownNow();
  }

  private static String key(Provider provider, HookLocator locator) {
    if (locator instanceof HookLocator.ByProviderHookId byId)
      return provider.id() + ":id:" + byId.providerHookId();
    if (locator instanceof HookLocator.ByTokenHash byHash)
      return provider.id() + ":token:" + byHash.sha256Hex();
    return null;
  }
}
