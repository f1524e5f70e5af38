package dev.hookkeeper.core.contract;

import static dev.hookkeeper.core.contract.ProviderContractSupport.assertFailure;
import static dev.hookkeeper.core.contract.ProviderContractSupport.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.port.ProviderHooksApi.Redelivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProviderHooksApi} adapter must do with the provider's delivery log: every
 * attempt logged (failures included), failures found and redelivered under the same delivery id,
 * nothing kept past the provider's retention. Extend it like {@link ProviderHooksApiContract}.
 */
public abstract class ProviderDeliveriesContract {
  private ProviderRepoRef repoRef;

  protected abstract ProviderHooksApi api();

  protected abstract ProviderStandIn provider();

  @Test
  void logs_each_attempt_of_a_fired_run() {
    String hook = createHook();
    provider().fireRun(true);

    List<ProviderDelivery> runs = runDeliveries(all(hook, false));

    assertThat(runs).singleElement().satisfies(d -> {
      assertThat(d.success()).isTrue();
      assertThat(d.statusCode()).isBetween(200, 299);
      assertThat(d.guid()).isNotBlank();
      assertThat(d.deliveredAt()).isBeforeOrEqualTo(provider().now());
    });
  }

  @Test
  void firing_while_the_receiver_is_down_logs_failed_attempts() {
    String hook = createHook();
    provider().receiverAnswers(0);
    provider().fireRun(false);
    provider().receiverAnswers(503);
    provider().fireRun(true);

    List<ProviderDelivery> failed = all(hook, true);

    assertThat(runDeliveries(failed)).hasSize(2).allSatisfy(d -> assertThat(d.success()).isFalse());
    assertThat(failed).noneMatch(ProviderDelivery::success);
    assertThat(runDeliveries(failed)).anySatisfy(d -> assertThat(d.statusCode()).isEqualTo(503));
  }

  @Test
  void a_failed_delivery_redelivered_arrives_again_under_its_delivery_id() {
    String hook = createHook();
    provider().receiverAnswers(503);
    provider().fireRun(false);
    ProviderDelivery failed = runDeliveries(all(hook, true)).get(0);
    provider().receiverAnswers(200);

    assertThat(assertOk(api().redeliver(provider().adminToken(), repo(), hook, failed.providerDeliveryId())))
        .isEqualTo(Redelivery.REQUESTED);
    provider().awaitBackgroundDeliveries();

    List<ProviderDelivery> again = runDeliveries(all(hook, false));
    assertThat(again).hasSize(2);
    ProviderDelivery newest = again.get(0);
    assertThat(newest.guid()).isEqualTo(failed.guid());
    assertThat(newest.success()).isTrue();
    assertThat(newest.providerDeliveryId()).isNotEqualTo(failed.providerDeliveryId());
    if (provider().provider() == Provider.GITHUB) assertThat(newest.redelivery()).isTrue();
    assertThat(runDeliveries(all(hook, true))).extracting(ProviderDelivery::providerDeliveryId)
        .containsExactly(failed.providerDeliveryId());
  }

  @Test
  void keeps_deliveries_only_for_the_providers_retention() {
    String hook = createHook();
    provider().receiverAnswers(503);
    provider().fireRun(false);
    ProviderDelivery failed = runDeliveries(all(hook, true)).get(0);
    Duration retention = provider().provider() == Provider.GITHUB ? Duration.ofDays(3) : Duration.ofDays(7);

    provider().advanceClock(retention.minusHours(1));
    assertThat(runDeliveries(all(hook, true))).isNotEmpty();
    provider().advanceClock(Duration.ofHours(2));

    assertThat(runDeliveries(all(hook, false))).isEmpty();
    assertFailure(api().redeliver(provider().adminToken(), repo(), hook, failed.providerDeliveryId()),
        FailureReason.DELIVERY_NOT_FOUND);
  }

  @Test
  void redelivering_a_delivery_the_log_never_had_is_delivery_not_found() {
    String hook = createHook();

    assertFailure(api().redeliver(provider().adminToken(), repo(), hook, "987654321"), FailureReason.DELIVERY_NOT_FOUND);
  }

  @Test
  void the_log_of_a_deleted_hook_is_hook_not_found() {
    String hook = createHook();
    provider().personDeletesHook(hook);

    assertFailure(api().listDeliveries(provider().adminToken(), repo(), hook, null, false), FailureReason.HOOK_NOT_FOUND);
  }

  /** Every entry of the hook's log, following the cursor. */
  protected List<ProviderDelivery> all(String hook, boolean failedOnly) {
    List<ProviderDelivery> out = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 50; page++) {
      Page<ProviderDelivery> p = assertOk(api().listDeliveries(provider().adminToken(), repo(), hook, cursor, failedOnly));
      out.addAll(p.items());
      cursor = p.nextCursor();
      if (cursor == null) return out;
    }
    throw new AssertionError("more than 50 pages of deliveries");
  }

  /** The attempts of the run event (GitHub {@code workflow_run}, GitLab {@code Pipeline Hook}), newest first. */
  protected List<ProviderDelivery> runDeliveries(List<ProviderDelivery> log) {
    String event = provider().provider() == Provider.GITHUB ? "workflow_run" : "Pipeline Hook";
    return log.stream().filter(d -> d.event().equals(event)).toList();
  }

  protected ProviderRepoRef repo() {
    if (repoRef == null) {
      ProviderRepository found = assertOk(api().getRepository(provider().adminToken(), provider().repositoryFullName()));
      repoRef = found.ref();
    }
    return repoRef;
  }

  private String createHook() {
    String id = assertOk(api().createHook(provider().adminToken(), repo(),
        new HookSpec(provider().hookUrl(), Secret.of("contract-delivery-secret"), provider().hookEvents()))).providerHookId();
    provider().awaitBackgroundDeliveries();
    return id;
  }
}
