package dev.hookkeeper.github;

import dev.hookkeeper.core.contract.InboundDecoderContract;
import dev.hookkeeper.core.contract.ProviderDeliveriesContract;
import dev.hookkeeper.core.contract.ProviderHooksApiContract;
import dev.hookkeeper.core.contract.ProviderRepositoriesApiContract;
import dev.hookkeeper.core.contract.ProviderRunsApiContract;
import dev.hookkeeper.core.contract.ProviderStandIn;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.port.ProviderRepositoriesApi;
import dev.hookkeeper.core.port.ProviderRunsApi;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * Every contract of the core's kit this adapter implements, in one run: the four provider contracts
 * (the real GitHub clients against the stateful GitHub simulator, fresh per test) and the decoder
 * contract (real GitHub payloads with the headers GitHub sends, signed by the JDK's own HMAC in
 * {@link TestHmac}, never by the adapter's).
 */
class GitHubContractsTest {

  @Nested
  class Hooks extends ProviderHooksApiContract {
    private final GitHubStandIn standIn = new GitHubStandIn();

    @Override
    protected ProviderHooksApi api() {
      return standIn.client;
    }

    @Override
    protected ProviderStandIn provider() {
      return standIn;
    }

    @AfterEach
    void stop() {
      standIn.close();
    }
  }

  @Nested
  class Deliveries extends ProviderDeliveriesContract {
    private final GitHubStandIn standIn = new GitHubStandIn();

    @Override
    protected ProviderHooksApi api() {
      return standIn.client;
    }

    @Override
    protected ProviderStandIn provider() {
      return standIn;
    }

    @AfterEach
    void stop() {
      standIn.close();
    }
  }

  @Nested
  class Runs extends ProviderRunsApiContract {
    private final GitHubStandIn standIn = new GitHubStandIn();

    @Override
    protected ProviderRunsApi api() {
      return standIn.client.runsClient();
    }

    @Override
    protected ProviderHooksApi hooksApi() {
      return standIn.client;
    }

    @Override
    protected ProviderStandIn provider() {
      return standIn;
    }

    @AfterEach
    void stop() {
      standIn.close();
    }
  }

  @Nested
  class Repositories extends ProviderRepositoriesApiContract {
    private final GitHubStandIn standIn = new GitHubStandIn();

    @Override
    protected ProviderRepositoriesApi api() {
      return standIn.client.repositoriesClient();
    }

    @Override
    protected ProviderHooksApi hooksApi() {
      return standIn.client;
    }

    @Override
    protected ProviderStandIn provider() {
      return standIn;
    }

    @AfterEach
    void stop() {
      standIn.close();
    }
  }

  @Nested
  class Decoder extends InboundDecoderContract {
    private final GitHubInboundDecoder decoder = new GitHubInboundDecoder();

    @Override
    protected InboundDecoder decoder() {
      return decoder;
    }

    @Override
    protected Headers headersFor(String event, String deliveryId, byte[] body, Secret secret) {
      return Headers.single(
          "X-GitHub-Event",
          event,
          "X-GitHub-Delivery",
          deliveryId,
          "X-GitHub-Hook-ID",
          "12345678",
          "X-GitHub-Hook-Installation-Target-Type",
          "repository",
          "User-Agent",
          "GitHub-Hookshot/b8c71d8",
          "Content-Type",
          "application/json",
          "X-Hub-Signature-256",
          TestHmac.sha256Header(secret, body));
    }

    @Override
    protected List<String> requiredHeaders() {
      return List.of("X-GitHub-Event", "X-GitHub-Delivery");
    }

    @Override
    protected String hookHeader() {
      return "X-GitHub-Hook-ID";
    }

    @Override
    protected Sample actedOn() {
      return new Sample("workflow_run", Fixtures.bytes("workflow_run/completed.json"), 300029405L);
    }

    @Override
    protected Sample notActedOn() {
      return new Sample("deployment", Fixtures.bytes("deployment.json"), 0);
    }

    @Override
    protected String notActedOnEventName() {
      return "deployment";
    }
  }
}
