package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookHealth;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The fake provider's delivery logs: attempts recorded against the receiver's current answer,
 * retention (GitHub.com 3 days, GitLab 7), newest-first pages and redelivery with the same guid.
 */
final class FakeDeliveries {
  static final int PAGE_SIZE = 30;

  private final Provider provider;
  private final FakeProviderState state;
  /** What the receiver behind every hook url answers; 0 = connection refused. */
  int receiverStatus = 200;

  FakeDeliveries(Provider provider, FakeProviderState state) {
    this.provider = provider;
    this.state = state;
  }

  Duration retention() {
    return provider == Provider.GITHUB ? Duration.ofDays(3) : Duration.ofDays(7);
  }

  /** One event to every hook of the repository that subscribes to it and is delivering now. */
  void deliver(FakeProviderState.Repo repo, String subscription, String event, String action, Instant now) {
    String guid = UUID.randomUUID().toString();
    for (FakeProviderState.Hook hook : repo.hooks) {
      if (hook.subscribes(subscription) && hook.view().delivering(now)) attempt(hook, guid, event, action, false, now);
    }
  }

  ProviderDelivery attempt(FakeProviderState.Hook hook, String guid, String event, String action, boolean redelivery,
      Instant now) {
    boolean ok = receiverStatus >= 200 && receiverStatus < 300;
    int code = receiverStatus == 0 && provider == Provider.GITHUB ? 502 : receiverStatus;
    String status = statusText(ok, code);
    ProviderDelivery d = new ProviderDelivery(Long.toString(state.nextDeliveryId()), guid, event, action, code, ok,
        status, redelivery && provider == Provider.GITHUB, Duration.ofMillis(120), now);
    hook.deliveries.add(d);
    return d;
  }

  private String statusText(boolean ok, int code) {
    if (provider == Provider.GITLAB) return receiverStatus == 0 ? "internal error" : Integer.toString(code);
    if (ok) return "OK";
    return receiverStatus == 0 ? "failed to connect" : "Invalid HTTP Response: " + code;
  }

  Page<ProviderDelivery> page(FakeProviderState.Hook hook, String cursor, boolean failedOnly, Instant now) {
    Instant oldest = now.minus(retention());
    List<ProviderDelivery> all = hook.deliveries.stream()
        .filter(d -> !d.deliveredAt().isBefore(oldest))
        .filter(d -> !failedOnly || !d.success())
        .sorted(Comparator.comparing(ProviderDelivery::deliveredAt).thenComparing(d -> Long.parseLong(d.providerDeliveryId()))
            .reversed())
        .toList();
    int from = cursor == null ? 0 : Integer.parseInt(cursor);
    int to = Math.min(all.size(), from + PAGE_SIZE);
    return new Page<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
  }

  /**
   * Makes the hook deliver again: GitHub's update already switched it on; GitLab needs a test
   * delivery the receiver answers 2xx.
   */
  ProviderResult<ProviderHook> reenable(FakeProviderState.Hook hook, Instant now) {
    if (provider == Provider.GITLAB) {
      ProviderDelivery test = attempt(hook, UUID.randomUUID().toString(), "Pipeline Hook", null, false, now);
      if (!test.success()) {
        return ProviderResult.failed(FailureReason.HOOK_DISABLED_BY_PROVIDER, "Hook execution failed: " + test.status());
      }
    }
    hook.health = HookHealth.EXECUTABLE;
    return ProviderResult.ok(hook.view());
  }

  /** The logged attempt within retention, if any. */
  java.util.Optional<ProviderDelivery> find(FakeProviderState.Hook hook, String providerDeliveryId, Instant now) {
    Instant oldest = now.minus(retention());
    return hook.deliveries.stream()
        .filter(d -> d.providerDeliveryId().equals(providerDeliveryId) && !d.deliveredAt().isBefore(oldest))
        .findFirst();
  }
}
