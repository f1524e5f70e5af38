package dev.hookkeeper.core.contract;

import static dev.hookkeeper.core.contract.ProviderContractSupport.assertFailure;
import static dev.hookkeeper.core.contract.ProviderContractSupport.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookHealth;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.port.ProviderHooksApi.DeleteOutcome;
import dev.hookkeeper.core.port.ProviderHooksApi.PingOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProviderHooksApi} adapter must do, hooks side: identity, repository, hook CRUD,
 * health and repair, tokens and budgets. The delivery logs are in {@link
 * ProviderDeliveriesContract}. Extend it, give the adapter and a fresh {@link ProviderStandIn} per
 * test; every {@code @Test} is inherited.
 */
public abstract class ProviderHooksApiContract {
  private ProviderRepoRef repoRef;

  /** The adapter under test, talking to {@link #provider()}. */
  protected abstract ProviderHooksApi api();

  protected abstract ProviderStandIn provider();

  @Test
  void identifies_the_token_owner() {
    assertThat(assertOk(api().identify(provider().adminToken())).login()).isNotBlank();
  }

  @Test
  void rejects_an_invalid_token() {
    assertFailure(api().identify(provider().invalidToken()), FailureReason.TOKEN_INVALID);
    assertFailure(
        api().getRepository(provider().invalidToken(), provider().repositoryFullName()),
        FailureReason.TOKEN_INVALID);
  }

  @Test
  void a_revoked_token_is_invalid_from_then_on() {
    ProviderRepoRef repo = repo();
    provider().revoke(provider().adminToken());

    assertFailure(api().identify(provider().adminToken()), FailureReason.TOKEN_INVALID);
    assertFailure(api().listHooks(provider().adminToken(), repo), FailureReason.TOKEN_INVALID);
  }

  @Test
  void a_token_that_lost_the_hook_scope_says_so_rather_than_not_found() {
    ProviderRepoRef repo = repo();
    provider().dropHookScope(provider().adminToken());

    assertFailure(
        api().createHook(provider().adminToken(), repo, spec("contract-secret-scope")),
        FailureReason.TOKEN_SCOPE_MISSING);
  }

  @Test
  void describes_the_repository_with_its_stable_id() {
    ProviderRepository repo =
        assertOk(api().getRepository(provider().adminToken(), provider().repositoryFullName()));

    assertThat(repo.provider()).isEqualTo(api().provider());
    assertThat(repo.providerRepoId()).isPositive();
    assertThat(repo.fullName()).isEqualToIgnoringCase(provider().repositoryFullName());
    assertThat(repo.archived()).isFalse();
    assertThat(repo.callerAccess()).isEqualTo(AccessLevel.ADMIN);
  }

  @Test
  void reports_a_missing_repository() {
    assertFailure(
        api().getRepository(provider().adminToken(), "nobody/nothing-here"),
        FailureReason.REPOSITORY_NOT_FOUND);
  }

  @Test
  void creates_an_active_json_hook_with_the_events() {
    Secret secret = Secret.of("contract-secret-1");
    ProviderHook created = createHook(secret);

    List<ProviderHook> listed = assertOk(api().listHooks(provider().adminToken(), repo()));
    assertThat(listed)
        .filteredOn(h -> h.providerHookId().equals(created.providerHookId()))
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.url()).isEqualTo(provider().hookUrl());
              assertThat(h.events()).containsAll(provider().hookEvents());
              assertThat(h.contentType()).isEqualTo("json");
              assertThat(h.active()).isTrue();
            });
    assertThat(provider().secretHeldFor(created.providerHookId())).contains(secret.reveal());
  }

  @Test
  void reads_one_hook_with_its_health() {
    ProviderHook created = createHook(Secret.of("contract-secret-get"));
    provider().awaitBackgroundDeliveries();

    ProviderHook read =
        assertOk(api().getHook(provider().adminToken(), repo(), created.providerHookId()));

    assertThat(read.providerHookId()).isEqualTo(created.providerHookId());
    assertThat(read.url()).isEqualTo(provider().hookUrl());
    assertThat(read.events()).containsExactlyInAnyOrderElementsOf(provider().hookEvents());
    assertThat(read.health().alertStatus()).isEqualTo(HookHealth.AlertStatus.EXECUTABLE);
    assertThat(read.delivering(provider().now())).isTrue();
    if (read.health().lastResponse() != null)
      assertThat(read.health().lastResponse().failing()).isFalse();
  }

  @Test
  void a_hook_a_person_deleted_is_not_found() {
    ProviderHook created = createHook(Secret.of("contract-secret-gone"));
    provider().personDeletesHook(created.providerHookId());

    assertFailure(
        api().getHook(provider().adminToken(), repo(), created.providerHookId()),
        FailureReason.HOOK_NOT_FOUND);
    assertFailure(
        api()
            .updateHook(
                provider().adminToken(),
                repo(),
                created.providerHookId(),
                spec("contract-secret-gone")),
        FailureReason.HOOK_NOT_FOUND);
  }

  @Test
  void updating_a_hook_keeps_the_secret_we_send() {
    ProviderHook created = createHook(Secret.of("contract-secret-old"));
    Secret rotated = Secret.of("contract-secret-new");

    ProviderHook updated =
        assertOk(
            api()
                .updateHook(
                    provider().adminToken(),
                    repo(),
                    created.providerHookId(),
                    new HookSpec(provider().hookUrl(), rotated, provider().hookEvents())));

    assertThat(updated.providerHookId()).isEqualTo(created.providerHookId());
    assertThat(provider().secretHeldFor(created.providerHookId())).contains(rotated.reveal());
  }

  @Test
  void updating_repairs_what_a_person_changed() {
    Secret secret = Secret.of("contract-secret-drift");
    ProviderHook created = createHook(secret);
    String id = created.providerHookId();
    provider()
        .personEditsHook(id, provider().otherHookUrl(), provider().hookEvents().subList(0, 1));
    ProviderHook drifted = assertOk(api().getHook(provider().adminToken(), repo(), id));
    assertThat(drifted.url()).isEqualTo(provider().otherHookUrl());
    assertThat(drifted.events()).containsExactly(provider().hookEvents().get(0));

    assertOk(
        api()
            .updateHook(
                provider().adminToken(),
                repo(),
                id,
                new HookSpec(provider().hookUrl(), secret, provider().hookEvents())));

    ProviderHook repaired = assertOk(api().getHook(provider().adminToken(), repo(), id));
    assertThat(repaired.url()).isEqualTo(provider().hookUrl());
    assertThat(repaired.events()).containsExactlyInAnyOrderElementsOf(provider().hookEvents());
    assertThat(repaired.contentType()).isEqualTo("json");
    assertThat(provider().secretHeldFor(id)).contains(secret.reveal());
  }

  @Test
  void reenabling_brings_back_a_hook_the_provider_stopped_delivering_to() {
    Secret secret = Secret.of("contract-secret-reenable");
    String id = createHook(secret).providerHookId();
    provider().awaitBackgroundDeliveries();
    provider().hookStopsDelivering(id);
    assertThat(
            assertOk(api().getHook(provider().adminToken(), repo(), id))
                .delivering(provider().now()))
        .isFalse();
    provider().receiverAnswers(200);

    ProviderHook back =
        assertOk(api().reenableHook(provider().adminToken(), repo(), id, spec(secret.reveal())));
    provider().awaitBackgroundDeliveries();

    assertThat(back.delivering(provider().now())).isTrue();
    assertThat(
            assertOk(api().getHook(provider().adminToken(), repo(), id))
                .delivering(provider().now()))
        .isTrue();
    assertThat(provider().secretHeldFor(id)).contains(secret.reveal());
  }

  @Test
  void deletes_a_hook_and_reports_it_gone_afterwards() {
    ProviderHook created = createHook(Secret.of("contract-secret-2"));

    ProviderResult<DeleteOutcome> first =
        api().deleteHook(provider().adminToken(), repo(), created.providerHookId());
    ProviderResult<DeleteOutcome> second =
        api().deleteHook(provider().adminToken(), repo(), created.providerHookId());

    assertThat(assertOk(first)).isEqualTo(DeleteOutcome.DELETED);
    assertThat(assertOk(second)).isEqualTo(DeleteOutcome.ALREADY_GONE);
    assertThat(assertOk(api().listHooks(provider().adminToken(), repo()))).isEmpty();
  }

  @Test
  void read_only_token_cannot_list_or_create_hooks() {
    ProviderResult<List<ProviderHook>> listed = api().listHooks(provider().readOnlyToken(), repo());
    ProviderResult<ProviderHook> created =
        api().createHook(provider().readOnlyToken(), repo(), spec("contract-secret-3"));

    for (ProviderResult<?> result : List.of(listed, created)) {
      assertThat(result.isOk()).as("read-only call succeeded: %s", result).isFalse();
      assertThat(result.failure().reason())
          .isIn(FailureReason.INSUFFICIENT_PERMISSIONS, FailureReason.REPOSITORY_NOT_FOUND);
    }
  }

  @Test
  void refuses_creation_at_the_hook_limit() {
    ProviderRepoRef repo = repo();
    provider().fillHookLimit();

    assertFailure(
        api().createHook(provider().adminToken(), repo, spec("contract-secret-4")),
        FailureReason.HOOK_LIMIT_REACHED);
  }

  @Test
  void maps_an_outage_to_provider_unavailable() {
    provider().goDown();

    assertFailure(
        api().getRepository(provider().adminToken(), provider().repositoryFullName()),
        FailureReason.PROVIDER_UNAVAILABLE);
  }

  @Test
  void maps_rate_limiting_with_the_retry_time() {
    var before = provider().now();
    provider().rateLimitNextRequest();

    ProviderResult<ProviderRepository> result =
        api().getRepository(provider().adminToken(), provider().repositoryFullName());

    assertFailure(result, FailureReason.RATE_LIMITED);
    assertThat(result.failure().retryAt()).isNotNull().isAfter(before);
  }

  @Test
  void reports_the_token_budget_from_every_answer() {
    Secret admin = provider().adminToken();
    assertOk(api().getRepository(admin, provider().repositoryFullName()));
    var first = api().rateBudget(admin).orElseThrow();
    assertOk(api().getRepository(admin, provider().repositoryFullName()));
    var second = api().rateBudget(admin).orElseThrow();

    assertThat(first.limit()).isPositive();
    assertThat(first.remaining()).isLessThan(first.limit());
    assertThat(second.remaining()).isEqualTo(first.remaining() - 1);
    assertThat(second.resetAt()).isAfter(provider().now().minusSeconds(1));
    assertThat(api().rateBudget(provider().readOnlyToken())).as("budgets are per token").isEmpty();
  }

  @Test
  void a_spent_budget_is_rate_limited_until_its_reset() {
    Secret admin = provider().adminToken();
    provider().limitBudgetTo(2);
    assertOk(api().getRepository(admin, provider().repositoryFullName()));
    assertOk(api().getRepository(admin, provider().repositoryFullName()));
    assertThat(api().rateBudget(admin).orElseThrow().remaining()).isZero();
    assertThat(api().rateBudget(admin).orElseThrow().isBelow(0.1, provider().now())).isTrue();

    ProviderResult<ProviderRepository> refused =
        api().getRepository(admin, provider().repositoryFullName());

    assertFailure(refused, FailureReason.RATE_LIMITED);
    // the reset's second (headers give whole seconds; a Retry-After counts them from the answer)
    java.time.Instant reset = api().rateBudget(admin).orElseThrow().resetAt();
    assertThat(refused.failure().retryAt()).isBetween(reset.minusSeconds(1), reset);
  }

  @Test
  void ping_is_sent_or_declared_unsupported() {
    ProviderHook created = createHook(Secret.of("contract-secret-5"));

    ProviderResult<PingOutcome> ping =
        api().ping(provider().adminToken(), repo(), created.providerHookId());
    provider().awaitBackgroundDeliveries();

    assertThat(assertOk(ping)).isIn(PingOutcome.SENT, PingOutcome.NOT_SUPPORTED);
  }

  /** The repository as the adapter addresses it, read once per test through the adapter itself. */
  protected ProviderRepoRef repo() {
    if (repoRef == null) {
      ProviderRepository found =
          assertOk(api().getRepository(provider().adminToken(), provider().repositoryFullName()));
      repoRef = new ProviderRepoRef(found.providerRepoId(), found.fullName());
    }
    return repoRef;
  }

  protected HookSpec spec(String secret) {
    return new HookSpec(provider().hookUrl(), Secret.of(secret), provider().hookEvents());
  }

  protected ProviderHook createHook(Secret secret) {
    ProviderHook created =
        assertOk(
            api()
                .createHook(
                    provider().adminToken(),
                    repo(),
                    new HookSpec(provider().hookUrl(), secret, provider().hookEvents())));
    assertThat(created.providerHookId()).isNotBlank();
    return created;
  }
}
