package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenIdentity;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi.Operation;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Delegates to a provider, but runs something once just before or just after the next call of an
 * operation: a stand-in for whatever else happens while a provider call is in flight (another
 * client creating the same hook, a disconnect, a delivery, a cleanup run). The action runs on the
 * calling thread, outside the delegate's own lock.
 */
public final class RacingProviderHooksApi implements ProviderHooksApi {
  private final ProviderHooksApi delegate;
  private final Map<Operation, Runnable> before = new EnumMap<>(Operation.class);
  private final Map<Operation, Runnable> after = new EnumMap<>(Operation.class);

  public RacingProviderHooksApi(ProviderHooksApi delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate == null");
  }

  /** Runs {@code action} once, just before the next call of {@code operation} reaches the provider. */
  public synchronized void before(Operation operation, Runnable action) {
    before.put(operation, Objects.requireNonNull(action, "action == null"));
  }

  /** Runs {@code action} once, after the provider answered the next call of {@code operation}. */
  public synchronized void after(Operation operation, Runnable action) {
    after.put(operation, Objects.requireNonNull(action, "action == null"));
  }

  public void beforeNextCreate(Runnable action) {
    before(Operation.CREATE_HOOK, action);
  }

  private <T> T call(Operation operation, Supplier<T> work) {
    Runnable first;
    synchronized (this) {
      first = before.remove(operation);
    }
    if (first != null) first.run();
    T result = work.get();
    Runnable then;
    synchronized (this) {
      then = after.remove(operation);
    }
    if (then != null) then.run();
    return result;
  }

  @Override
  public Provider provider() {
    return delegate.provider();
  }

  @Override
  public ProviderResult<TokenIdentity> identify(Secret token) {
    return call(Operation.IDENTIFY, () -> delegate.identify(token));
  }

  @Override
  public ProviderResult<ProviderRepository> getRepository(Secret token, String fullName) {
    return call(Operation.GET_REPOSITORY, () -> delegate.getRepository(token, fullName));
  }

  @Override
  public ProviderResult<List<ProviderHook>> listHooks(Secret token, ProviderRepoRef repo) {
    return call(Operation.LIST_HOOKS, () -> delegate.listHooks(token, repo));
  }

  @Override
  public ProviderResult<ProviderHook> createHook(Secret token, ProviderRepoRef repo, HookSpec spec) {
    return call(Operation.CREATE_HOOK, () -> delegate.createHook(token, repo, spec));
  }

  @Override
  public ProviderResult<ProviderHook> updateHook(Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec) {
    return call(Operation.UPDATE_HOOK, () -> delegate.updateHook(token, repo, providerHookId, spec));
  }

  @Override
  public ProviderResult<ProviderHook> getHook(Secret token, ProviderRepoRef repo, String providerHookId) {
    return delegate.getHook(token, repo, providerHookId);
  }

  @Override
  public ProviderResult<ProviderHook> reenableHook(Secret token, ProviderRepoRef repo, String providerHookId,
      HookSpec spec) {
    return delegate.reenableHook(token, repo, providerHookId, spec);
  }

  @Override
  public Optional<RateBudget> rateBudget(Secret token) {
    return delegate.rateBudget(token);
  }

  @Override
  public ProviderResult<DeleteOutcome> deleteHook(Secret token, ProviderRepoRef repo, String providerHookId) {
    return call(Operation.DELETE_HOOK, () -> delegate.deleteHook(token, repo, providerHookId));
  }

  @Override
  public ProviderResult<PingOutcome> ping(Secret token, ProviderRepoRef repo, String providerHookId) {
    return call(Operation.PING, () -> delegate.ping(token, repo, providerHookId));
  }

  @Override
  public ProviderResult<Page<ProviderDelivery>> listDeliveries(
      Secret token, ProviderRepoRef repo, String providerHookId, String cursor, boolean failedOnly) {
    return call(Operation.LIST_DELIVERIES, () -> delegate.listDeliveries(token, repo, providerHookId, cursor, failedOnly));
  }

  @Override
  public ProviderResult<Redelivery> redeliver(
      Secret token, ProviderRepoRef repo, String providerHookId, String providerDeliveryId) {
    return call(Operation.REDELIVER, () -> delegate.redeliver(token, repo, providerHookId, providerDeliveryId));
  }
}
