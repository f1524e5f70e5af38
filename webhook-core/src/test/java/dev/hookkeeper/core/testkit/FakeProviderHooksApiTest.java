package dev.hookkeeper.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The knobs use-case tests rely on; the provider contracts run in {@link FakeProviderContractsTest}. */
class FakeProviderHooksApiTest {
  private static final String REPO = "octo/app";

  private final FakeProviderHooksApi fake = FakeProviderHooksApi.github();
  private final ProviderRepoRef ref = fake.addRepository(REPO, 42);
  private final Secret admin = fake.addToken("octocat", AccessLevel.ADMIN);
  private final Secret reader = fake.addToken("reader", AccessLevel.READ);

  private HookSpec spec(String secret) {
    return new HookSpec("https://hooks.example.com/github", Secret.of(secret), List.of("workflow_run"));
  }

  @Test
  void refuses_a_second_hook_with_the_same_url_like_github() {
    assertThat(fake.createHook(admin, ref, spec("a")).isOk()).isTrue();

    assertThat(fake.createHook(admin, ref, spec("b")).failure().reason()).isEqualTo(FailureReason.HOOK_ALREADY_EXISTS);
  }

  @Test
  void hides_a_repository_from_a_token_without_access() {
    Secret stranger = fake.addToken("stranger", AccessLevel.ADMIN);
    fake.grant(stranger, REPO, AccessLevel.NONE);

    assertThat(fake.getRepository(stranger, REPO).failure().reason()).isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
    assertThat(fake.listHooks(stranger, ref).failure().reason()).isEqualTo(FailureReason.REPOSITORY_NOT_FOUND);
  }

  @Test
  void scripted_failures_apply_once_to_their_operation() {
    fake.failNext(Operation.CREATE_HOOK, FailureReason.PROVIDER_UNAVAILABLE);

    assertThat(fake.getRepository(admin, REPO).isOk()).isTrue();
    assertThat(fake.createHook(admin, ref, spec("a")).failure().reason()).isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
    assertThat(fake.createHook(admin, ref, spec("a")).isOk()).isTrue();
  }

  @Test
  void recovers_from_an_outage_and_records_every_call() {
    fake.goDown();
    fake.deleteHook(admin, ref, "1");
    fake.comeBack();

    assertThat(fake.getRepository(admin, REPO).isOk()).isTrue();
    assertThat(fake.calls()).extracting(FakeProviderHooksApi.Call::operation)
        .containsExactly(Operation.DELETE_HOOK, Operation.GET_REPOSITORY);
    assertThat(fake.calls(Operation.DELETE_HOOK).get(0).providerHookId()).isEqualTo("1");
  }

  @Test
  void revoked_tokens_and_unsupported_pings() {
    String id = fake.createHook(admin, ref, spec("a")).value().providerHookId();
    fake.pingSupported(false);

    assertThat(fake.ping(admin, ref, id).value()).isEqualTo(ProviderHooksApi.PingOutcome.NOT_SUPPORTED);
    fake.outOfBand().revoke(admin);
    assertThat(fake.identify(admin).failure().reason()).isEqualTo(FailureReason.TOKEN_INVALID);
  }

  @Test
  void follows_renames_and_pages_deliveries_newest_first() {
    String id = fake.createHook(admin, ref, spec("a")).value().providerHookId();
    for (int i = 0; i < 31; i++) {
      fake.addDelivery(id, new ProviderDelivery("d" + i, "g" + i, "push", null, i % 2 == 0 ? 200 : 500,
          i % 2 == 0, i % 2 == 0 ? "OK" : "Invalid HTTP Response: 500", false, Duration.ofMillis(5),
          Instant.now().minusSeconds(100 - i)));
    }
    fake.outOfBand().renameRepository(REPO, "octo/renamed");

    assertThat(fake.getRepository(admin, REPO).value().fullName()).isEqualTo("octo/renamed");
    Page<ProviderDelivery> first = fake.listDeliveries(admin, ref, id, null, false).value();
    assertThat(first.items()).hasSize(30).first().extracting(ProviderDelivery::providerDeliveryId).isEqualTo("d30");
    assertThat(fake.listDeliveries(admin, ref, id, first.nextCursor(), false).value().items())
        .extracting(ProviderDelivery::providerDeliveryId).containsExactly("d0");
    assertThat(fake.listDeliveries(admin, ref, id, null, true).value().items()).hasSize(15);
    assertThat(fake.redeliver(admin, ref, id, "d3").isOk()).isTrue();
    assertThat(fake.redeliver(admin, ref, id, "nope").isOk()).isFalse();
  }
}
