package dev.hookkeeper.gitlab;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * Every contract of the core's kit this adapter implements, in one run: the four provider contracts
 * (the real GitLab clients against the stateful GitLab simulator, fresh per test) and the decoder
 * contract (real GitLab payloads with the headers GitLab sends for a hook with a secret token, sent
 * in plain text: it does not cover the body).
 */
class GitLabContractsTest {

  @Nested
  class Hooks extends ProviderHooksApiContract {
    private final GitLabStandIn standIn = new GitLabStandIn();

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
    private final GitLabStandIn standIn = new GitLabStandIn();

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
    private final GitLabStandIn standIn = new GitLabStandIn();

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
    private final GitLabStandIn standIn = new GitLabStandIn();

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
    private final GitLabInboundDecoder decoder = new GitLabInboundDecoder();

    @Override
    protected InboundDecoder decoder() {
      return decoder;
    }

    @Override
    protected Headers headersFor(String event, String deliveryId, byte[] body, Secret secret) {
      return Headers.single(
          "X-Gitlab-Event",
          event,
          "Idempotency-Key",
          deliveryId,
          "X-Gitlab-Webhook-UUID",
          UUID.randomUUID().toString(),
          "X-Gitlab-Instance",
          "https://gitlab.example.com",
          "User-Agent",
          "GitLab/17.6.0",
          "Content-Type",
          "application/json",
          "X-Gitlab-Token",
          new String(secret.utf8(), StandardCharsets.UTF_8));
    }

    @Override
    protected List<String> requiredHeaders() {
      return List.of("X-Gitlab-Event");
    }

    @Override
    protected String hookHeader() {
      return "X-Gitlab-Token";
    }

    @Override
    protected boolean bodyIsSigned() {
      return false;
    }

    @Override
    protected Sample actedOn() {
      return new Sample("Pipeline Hook", fixture("pipeline_hook.json"), 1L);
    }

    @Override
    protected Sample notActedOn() {
      return new Sample("Deployment Hook", fixture("deployment_hook.json"), 0);
    }

    @Override
    protected String notActedOnEventName() {
      return "Deployment Hook";
    }

    private static byte[] fixture(String name) {
      try {
        return GitLabInboundDecoderTest.fixture(name);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
