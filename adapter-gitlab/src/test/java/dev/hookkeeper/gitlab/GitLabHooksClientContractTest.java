package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.contract.ProviderDeliveriesContract;
import dev.hookkeeper.core.contract.ProviderHooksApiContract;
import dev.hookkeeper.core.contract.ProviderRepositoriesApiContract;
import dev.hookkeeper.core.contract.ProviderRunsApiContract;
import dev.hookkeeper.core.contract.ProviderStandIn;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.port.ProviderRepositoriesApi;
import dev.hookkeeper.core.port.ProviderRunsApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The core's provider contracts: the real GitLab clients against the stateful GitLab simulator, fresh per test. */
class GitLabHooksClientContractTest {

  @Nested
  class Hooks extends ProviderHooksApiContract {
    private final GitLabStandIn standIn = new GitLabStandIn();
    @Override protected ProviderHooksApi api() { return standIn.client; }
    @Override protected ProviderStandIn provider() { return standIn; }
    @AfterEach void stop() { standIn.close(); }
  }

  @Nested
  class Deliveries extends ProviderDeliveriesContract {
    private final GitLabStandIn standIn = new GitLabStandIn();
    @Override protected ProviderHooksApi api() { return standIn.client; }
    @Override protected ProviderStandIn provider() { return standIn; }
    @AfterEach void stop() { standIn.close(); }
  }

  @Nested
  class Runs extends ProviderRunsApiContract {
    private final GitLabStandIn standIn = new GitLabStandIn();
    @Override protected ProviderRunsApi api() { return standIn.client.runsClient(); }
    @Override protected ProviderHooksApi hooksApi() { return standIn.client; }
    @Override protected ProviderStandIn provider() { return standIn; }
    @AfterEach void stop() { standIn.close(); }
  }

  @Nested
  class Repositories extends ProviderRepositoriesApiContract {
    private final GitLabStandIn standIn = new GitLabStandIn();
    @Override protected ProviderRepositoriesApi api() { return standIn.client.repositoriesClient(); }
    @Override protected ProviderHooksApi hooksApi() { return standIn.client; }
    @Override protected ProviderStandIn provider() { return standIn; }
    @AfterEach void stop() { standIn.close(); }
  }
}
