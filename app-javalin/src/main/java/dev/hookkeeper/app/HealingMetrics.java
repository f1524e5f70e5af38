package dev.hookkeeper.app;

import dev.hookkeeper.core.model.DeliverySource;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.usecase.HealingListener;
import dev.hookkeeper.core.usecase.ReconcileReport;
import dev.hookkeeper.core.usecase.ReencryptSecrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Self-healing's meters. Every label comes from a fixed list (providers, hook event kinds, recovery
 * methods, reconcile outcomes, hook statuses), never from data. Counts read from the store (hooks
 * by status, secrets under a previous key) are read at most every 10 seconds, however often
 * scraped.
 */
final class HealingMetrics implements HealingListener {
  private static final long READ_EVERY_NANOS = 10_000_000_000L;

  private final Map<Provider, Map<HookEventKind, Counter>> recorded = new EnumMap<>(Provider.class);
  private final Map<Provider, Map<DeliverySource, Counter>> recovered =
      new EnumMap<>(Provider.class);
  private final Map<Provider, Map<ReconcileReport.Outcome, Counter>> reconciled =
      new EnumMap<>(Provider.class);

  HealingMetrics(MeterRegistry registry, HookStore hooks, ReencryptSecrets reencryption) {
    for (Provider p : Provider.values()) {
      Map<HookEventKind, Counter> byKind = new EnumMap<>(HookEventKind.class);
      for (HookEventKind k : HookEventKind.values()) {
        byKind.put(
            k,
            Counter.builder("hookkeeper.hook.events")
                .description(
                    "What happened to hooks (their audit trail): repairs by kind, losses, recoveries")
                .tag("provider", p.id())
                .tag("kind", k.wireName())
                .register(registry));
      }
      recorded.put(p, byKind);
      Map<DeliverySource, Counter> byMethod = new EnumMap<>(DeliverySource.class);
      for (DeliverySource s : DeliverySource.values()) {
        byMethod.put(
            s,
            Counter.builder("hookkeeper.recovered.deliveries")
                .description(
                    "Missed deliveries recovered: redelivered by the provider, or caught up from its runs API")
                .tag("provider", p.id())
                .tag("method", s == DeliverySource.WEBHOOK ? "redelivery" : "catch_up")
                .register(registry));
      }
      recovered.put(p, byMethod);
      Map<ReconcileReport.Outcome, Counter> byOutcome =
          new EnumMap<>(ReconcileReport.Outcome.class);
      for (ReconcileReport.Outcome o : ReconcileReport.Outcome.values()) {
        byOutcome.put(
            o,
            Counter.builder("hookkeeper.reconciles")
                .description("Reconciles of a hook with its provider, by outcome")
                .tag("provider", p.id())
                .tag("outcome", o.wireName())
                .register(registry));
      }
      reconciled.put(p, byOutcome);
    }
    Cached<Map<HookStatus, Long>> byStatus = new Cached<>(hooks::countByStatus, Map.of());
    for (HookStatus s : HookStatus.values()) {
      Gauge.builder("hookkeeper.hooks", byStatus, c -> c.get().getOrDefault(s, 0L))
          .description("Hooks by status")
          .tag("status", s.wireName())
          // the gauge holds its state weakly by default: this one has no other reference and would
          // read NaN
          .strongReference(true)
          .register(registry);
    }
    Cached<Long> underPrevious = new Cached<>(reencryption::remaining, 0L);
    Gauge.builder("hookkeeper.secrets.previous.key", underPrevious, Cached::get)
        .description(
            "Secrets still encrypted under a previous key (0: the previous key may be dropped)")
        .strongReference(true)
        .register(registry);
  }

  /**
   * A repair or a repair-worthy change, as the audit trail recorded it ({@code
   * hookkeeper_hook_events_total}).
   */
  @Override
  public void recorded(Provider provider, HookEventKind kind) {
    recorded.get(provider).get(kind).increment();
  }

  @Override
  public void recovered(Provider provider, DeliverySource how, int count) {
    recovered.get(provider).get(how).increment(count);
  }

  @Override
  public void reconciled(Provider provider, ReconcileReport.Outcome outcome) {
    reconciled.get(provider).get(outcome).increment();
  }

  /** A value read from the store at most every 10 s; the last one while the store is down. */
  private static final class Cached<T> {
    private final Supplier<T> read;
    private final AtomicReference<Reading<T>> last;

    private record Reading<T>(T value, long readAtNanos, boolean valid) {}

    Cached(Supplier<T> read, T initial) {
      this.read = read;
      this.last = new AtomicReference<>(new Reading<>(initial, 0, false));
    }

    T get() {
      Reading<T> r = last.get();
      long now = System.nanoTime();
      if (r.valid() && now - r.readAtNanos() < READ_EVERY_NANOS) return r.value();
      try {
        T fresh = read.get();
        last.set(new Reading<>(fresh, now, true));
        return fresh;
      } catch (RuntimeException e) {
        return r.value();
      }
    }
  }
}
