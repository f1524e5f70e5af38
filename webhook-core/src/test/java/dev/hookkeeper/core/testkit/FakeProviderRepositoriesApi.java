package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderRepositoriesApi;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi.Operation;
import java.util.Optional;

/** The repositories port of a {@link FakeProviderHooksApi}, over the same data and lock. */
public final class FakeProviderRepositoriesApi implements ProviderRepositoriesApi {
  private final FakeProviderHooksApi fake;

  FakeProviderRepositoriesApi(FakeProviderHooksApi fake) {
    this.fake = fake;
  }

  @Override
  public Provider provider() {
    return fake.provider();
  }

  @Override
  public Optional<RateBudget> rateBudget(Secret token) {
    return fake.rateBudget(token);
  }

  @Override
  public ProviderResult<ProviderRepository> getRepositoryById(Secret token, long providerRepoId) {
    synchronized (fake) {
      return fake.call(Operation.GET_REPOSITORY_BY_ID, token, Long.toString(providerRepoId), null,
          () -> fake.state.visible(token, fake.state.repository(providerRepoId)).map(v -> v.describe(fake.provider())));
    }
  }
}
