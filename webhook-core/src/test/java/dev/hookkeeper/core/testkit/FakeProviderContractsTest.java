package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.contract.ProviderDeliveriesContract;
import dev.hookkeeper.core.contract.ProviderHooksApiContract;
import dev.hookkeeper.core.contract.ProviderRepositoriesApiContract;
import dev.hookkeeper.core.contract.ProviderRunsApiContract;
import dev.hookkeeper.core.contract.ProviderStandIn;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.port.ProviderRepositoriesApi;
import dev.hookkeeper.core.port.ProviderRunsApi;
import org.junit.jupiter.api.Nested;

/** The fake passes every provider contract, playing GitHub and playing GitLab. */
class FakeProviderContractsTest {

  @Nested
  class GitHubHooks extends ProviderHooksApiContract {
    private final FakeStandIn standIn = new FakeStandIn(Provider.GITHUB);
    @Override protected ProviderHooksApi api() { return standIn.fake; }
    @Override protected ProviderStandIn provider() { return standIn; }
  }

  @Nested
  class GitHubDeliveries extends ProviderDeliveriesContract {
    private final FakeStandIn standIn = new FakeStandIn(Provider.GITHUB);
    @Override protected ProviderHooksApi api() { return standIn.fake; }
    @Override protected ProviderStandIn provider() { return standIn; }
  }

  @Nested
  class GitHubRuns extends ProviderRunsApiContract {
    private final FakeStandIn standIn = new FakeStandIn(Provider.GITHUB);
    @Override protected ProviderRunsApi api() { return standIn.fake.runs(); }
    @Override protected ProviderHooksApi hooksApi() { return standIn.fake; }
    @Override protected ProviderStandIn provider() { return standIn; }
  }

  @Nested
  class GitHubRepositories extends ProviderRepositoriesApiContract {
    private final FakeStandIn standIn = new FakeStandIn(Provider.GITHUB);
    @Override protected ProviderRepositoriesApi api() { return standIn.fake.repositories(); }
    @Override protected ProviderHooksApi hooksApi() { return standIn.fake; }
    @Override protected ProviderStandIn provider() { return standIn; }
  }

  @Nested
  class GitLabHooks extends ProviderHooksApiContract {
    private final FakeStandIn standIn = new FakeStandIn(Provider.GITLAB);
    @Override protected ProviderHooksApi api() { return standIn.fake; }
    @Override protected ProviderStandIn provider() { return standIn; }
  }

  @Nested
  class GitLabDeliveries extends ProviderDeliveriesContract {
    private final FakeStandIn standIn = new FakeStandIn(Provider.GITLAB);
    @Override protected ProviderHooksApi api() { return standIn.fake; }
    @Override protected ProviderStandIn provider() { return standIn; }
  }

  @Nested
  class GitLabRuns extends ProviderRunsApiContract {
    private final FakeStandIn standIn = new FakeStandIn(Provider.GITLAB);
    @Override protected ProviderRunsApi api() { return standIn.fake.runs(); }
    @Override protected ProviderHooksApi hooksApi() { return standIn.fake; }
    @Override protected ProviderStandIn provider() { return standIn; }
  }

  @Nested
  class GitLabRepositories extends ProviderRepositoriesApiContract {
    private final FakeStandIn standIn = new FakeStandIn(Provider.GITLAB);
    @Override protected ProviderRepositoriesApi api() { return standIn.fake.repositories(); }
    @Override protected ProviderHooksApi hooksApi() { return standIn.fake; }
    @Override protected ProviderStandIn provider() { return standIn; }
  }
}
