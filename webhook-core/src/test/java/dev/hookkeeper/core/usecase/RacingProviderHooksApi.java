package dev.hookkeeper.core.usecase;

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Delegates to a provider, but can run something just before the next hook creation: a stand-in
 * for another client creating the same hook between our list and our create.
 */
public final class RacingProviderHooksApi implements ProviderHooksApi {
  private final ProviderHooksApi delegate;
  private final AtomicReference<Runnable> beforeNextCreate = new AtomicReference<>();

  RacingProviderHooksApi(ProviderHooksApi delegate) {
    this.delegate = delegate;
  }

  void beforeNextCreate(Runnable action) {
    beforeNextCreate.set(action);
  }

  @Override
  public Provider provider() {
    return delegate.provider();
  }

  @Override
  public Optional<RateBudget> rateBudget(Secret token) {
    return delegate.rateBudget(token);
  }

  @Override
  public ProviderResult<TokenIdentity> identify(Secret token) {
    return delegate.identify(token);
  }

  @Override
  public ProviderResult<ProviderRepository> getRepository(Secret token, String fullName) {
    return delegate.getRepository(token, fullName);
  }

  @Override
  public ProviderResult<List<ProviderHook>> listHooks(Secret token, ProviderRepoRef repo) {
    return delegate.listHooks(token, repo);
  }

  @Override
  public ProviderResult<ProviderHook> createHook(Secret token, ProviderRepoRef repo, HookSpec spec) {
    Runnable action = beforeNextCreate.getAndSet(null);
    if (action != null) action.run();
    return delegate.createHook(token, repo, spec);
  }

  @Override
  public ProviderResult<ProviderHook> updateHook(Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec) {
    return delegate.updateHook(token, repo, providerHookId, spec);
  }

  @Override
  public ProviderResult<ProviderHook> getHook(Secret token, ProviderRepoRef repo, String providerHookId) {
    return delegate.getHook(token, repo, providerHookId);
  }

  @Override
  public ProviderResult<ProviderHook> reenableHook(Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec) {
    return delegate.reenableHook(token, repo, providerHookId, spec);
  }

  @Override
  public ProviderResult<DeleteOutcome> deleteHook(Secret token, ProviderRepoRef repo, String providerHookId) {
    return delegate.deleteHook(token, repo, providerHookId);
  }

  @Override
  public ProviderResult<PingOutcome> ping(Secret token, ProviderRepoRef repo, String providerHookId) {
    return delegate.ping(token, repo, providerHookId);
  }

  @Override
  public ProviderResult<Page<ProviderDelivery>> listDeliveries(
      Secret token, ProviderRepoRef repo, String providerHookId, String cursor, boolean failedOnly) {
    return delegate.listDeliveries(token, repo, providerHookId, cursor, failedOnly);
  }

  @Override
  public ProviderResult<Redelivery> redeliver(
      Secret token, ProviderRepoRef repo, String providerHookId, String providerDeliveryId) {
    return delegate.redeliver(token, repo, providerHookId, providerDeliveryId);
  }
}
