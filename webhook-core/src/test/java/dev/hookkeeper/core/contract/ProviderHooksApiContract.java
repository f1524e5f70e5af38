package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenIdentity;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.port.ProviderHooksApi.DeleteOutcome;
import dev.hookkeeper.core.port.ProviderHooksApi.PingOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProviderHooksApi} adapter must do. Extend it, implement the fixture methods
 * against a provider stand-in (simulator, MockWebServer, the in-memory fake) that holds exactly
 * one repository with no hooks, reset before each test; every {@code @Test} is inherited.
 */
public abstract class ProviderHooksApiContract {
  private ProviderRepoRef repoRef;

  /** The adapter under test, talking to a provider holding {@link #repositoryFullName()} only. */
  protected abstract ProviderHooksApi api();

  /** Owner/maintainer: may create, list, delete hooks. */
  protected abstract Secret adminToken();

  /** Can see the repository but may not read or manage its hooks. */
  protected abstract Secret readOnlyToken();

  /** The provider rejects it (401). */
  protected abstract Secret invalidToken();

  protected abstract String repositoryFullName();

  /** Next call(s) fail as the provider failing: 5xx on every request until the fixture is reset. */
  protected abstract void providerGoesDown();

  /** The next request is answered as rate-limited, with a retry time 60 s ahead. */
  protected abstract void rateLimitNextRequest();

  /** Puts the repository at the provider's hook limit (so a further create is refused as such). */
  protected abstract void fillHookLimit();

  /** The secret the provider holds for a hook (simulators know it; the API never returns it). */
  protected abstract Optional<String> secretHeldByProvider(String providerHookId);

  /** Where the contract's hooks point; override if the stand-in insists on another url. */
  protected String hookUrl() {
    return "https://hooks.example.com/api/v2/webhooks/" + api().provider().id();
  }

  /** Event names in the provider's own vocabulary. */
  protected List<String> hookEvents() {
    return api().provider() == Provider.GITHUB
        ? List.of("workflow_run", "push")
        : List.of("pipeline_events", "push_events");
  }

  @Test
  void identifies_the_token_owner() {
    ProviderResult<TokenIdentity> result = api().identify(adminToken());

    assertOk(result);
    assertThat(result.value().login()).isNotBlank();
  }

  @Test
  void rejects_an_invalid_token() {
    assertFailure(api().identify(invalidToken()), FailureReason.TOKEN_INVALID);
    assertFailure(api().getRepository(invalidToken(), repositoryFullName()), FailureReason.TOKEN_INVALID);
  }

  @Test
  void describes_the_repository_with_its_stable_id() {
    ProviderResult<ProviderRepository> result = api().getRepository(adminToken(), repositoryFullName());

    assertOk(result);
    ProviderRepository repo = result.value();
    assertThat(repo.provider()).isEqualTo(api().provider());
    assertThat(repo.providerRepoId()).isPositive();
    assertThat(repo.fullName()).isEqualToIgnoringCase(repositoryFullName());
    assertThat(repo.callerAccess()).isEqualTo(AccessLevel.ADMIN);
  }

  @Test
  void reports_a_missing_repository() {
    assertFailure(api().getRepository(adminToken(), "nobody/nothing-here"), FailureReason.REPOSITORY_NOT_FOUND);
  }

  @Test
  void creates_an_active_json_hook_with_the_events() {
    Secret secret = Secret.of("contract-secret-1");
    ProviderHook created = createHook(secret);

    ProviderResult<List<ProviderHook>> listed = api().listHooks(adminToken(), repo());
    assertOk(listed);
    assertThat(listed.value()).filteredOn(h -> h.providerHookId().equals(created.providerHookId()))
        .singleElement()
        .satisfies(h -> {
          assertThat(h.url()).isEqualTo(hookUrl());
          assertThat(h.events()).containsAll(hookEvents());
          assertThat(h.contentType()).isEqualTo("json");
          assertThat(h.active()).isTrue();
        });
    assertThat(secretHeldByProvider(created.providerHookId())).contains(secret.reveal());
  }

  @Test
  void updating_a_hook_keeps_the_secret_we_send() {
    ProviderHook created = createHook(Secret.of("contract-secret-old"));
    Secret rotated = Secret.of("contract-secret-new");

    ProviderResult<ProviderHook> updated = api().updateHook(adminToken(), repo(), created.providerHookId(),
        new HookSpec(hookUrl(), rotated, hookEvents()));

    assertOk(updated);
    assertThat(updated.value().providerHookId()).isEqualTo(created.providerHookId());
    assertThat(secretHeldByProvider(created.providerHookId())).contains(rotated.reveal());
  }

  @Test
  void deletes_a_hook_and_reports_it_gone_afterwards() {
    ProviderHook created = createHook(Secret.of("contract-secret-2"));

    ProviderResult<DeleteOutcome> first = api().deleteHook(adminToken(), repo(), created.providerHookId());
    ProviderResult<DeleteOutcome> second = api().deleteHook(adminToken(), repo(), created.providerHookId());

    assertOk(first);
    assertThat(first.value()).isEqualTo(DeleteOutcome.DELETED);
    assertOk(second);
    assertThat(second.value()).isEqualTo(DeleteOutcome.ALREADY_GONE);
    ProviderResult<List<ProviderHook>> listed = api().listHooks(adminToken(), repo());
    assertOk(listed);
    assertThat(listed.value()).isEmpty();
  }

  @Test
  void read_only_token_cannot_list_or_create_hooks() {
    ProviderResult<List<ProviderHook>> listed = api().listHooks(readOnlyToken(), repo());
    ProviderResult<ProviderHook> created = api().createHook(readOnlyToken(), repo(),
        new HookSpec(hookUrl(), Secret.of("contract-secret-3"), hookEvents()));

    for (ProviderResult<?> result : List.of(listed, created)) {
      assertThat(result.isOk()).as("read-only call succeeded: %s", result).isFalse();
      assertThat(result.failure().reason())
          .isIn(FailureReason.INSUFFICIENT_PERMISSIONS, FailureReason.REPOSITORY_NOT_FOUND);
    }
  }

  @Test
  void refuses_creation_at_the_hook_limit() {
    ProviderRepoRef repo = repo();
    fillHookLimit();

    assertFailure(api().createHook(adminToken(), repo,
        new HookSpec(hookUrl(), Secret.of("contract-secret-4"), hookEvents())), FailureReason.HOOK_LIMIT_REACHED);
  }

  @Test
  void maps_an_outage_to_provider_unavailable() {
    providerGoesDown();

    assertFailure(api().getRepository(adminToken(), repositoryFullName()), FailureReason.PROVIDER_UNAVAILABLE);
  }

  @Test
  void maps_rate_limiting_with_the_retry_time() {
    Instant before = Instant.now();
    rateLimitNextRequest();

    ProviderResult<ProviderRepository> result = api().getRepository(adminToken(), repositoryFullName());

    assertFailure(result, FailureReason.RATE_LIMITED);
    assertThat(result.failure().retryAt()).isNotNull().isAfter(before);
  }

  @Test
  void ping_is_sent_or_declared_unsupported() {
    ProviderHook created = createHook(Secret.of("contract-secret-5"));

    ProviderResult<PingOutcome> ping = api().ping(adminToken(), repo(), created.providerHookId());

    assertOk(ping);
    assertThat(ping.value()).isIn(PingOutcome.SENT, PingOutcome.NOT_SUPPORTED);
  }

  @Test
  void lists_deliveries_of_a_hook() {
    ProviderHook created = createHook(Secret.of("contract-secret-6"));

    ProviderResult<Page<ProviderDelivery>> deliveries =
        api().listDeliveries(adminToken(), repo(), created.providerHookId(), null, false);

    assertOk(deliveries);
    assertThat(deliveries.value().items()).isNotNull();
  }

  /** The repository as the adapter addresses it, read once per test through the adapter itself. */
  protected ProviderRepoRef repo() {
    if (repoRef == null) {
      ProviderResult<ProviderRepository> result = api().getRepository(adminToken(), repositoryFullName());
      assertOk(result);
      repoRef = new ProviderRepoRef(result.value().providerRepoId(), result.value().fullName());
    }
    return repoRef;
  }

  private ProviderHook createHook(Secret secret) {
    ProviderResult<ProviderHook> created =
        api().createHook(adminToken(), repo(), new HookSpec(hookUrl(), secret, hookEvents()));
    assertOk(created);
    assertThat(created.value().providerHookId()).isNotBlank();
    return created.value();
  }

  private static void assertOk(ProviderResult<?> result) {
    assertThat(result.isOk()).as("expected success but got %s", result).isTrue();
  }

  private static void assertFailure(ProviderResult<?> result, FailureReason expected) {
    assertThat(result.isOk()).as("expected %s but got %s", expected, result).isFalse();
    assertThat(result.failure().reason()).isEqualTo(expected);
  }
}
