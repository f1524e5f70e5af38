package dev.hookkeeper.app.http;

import dev.hookkeeper.core.model.Provider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP layer's meters. Every tag value passes through {@link MetricLabels}, a fixed list, so no
 * request can add a series; the provider tag is the endpoint's own enum.
 */
public final class HttpMetrics {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

  public HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One ingest request: its outcome and how long it took. */
  void ingest(Provider provider, String eventHeader, String outcomeName, long nanos) {
    String ev = MetricLabels.event(provider, eventHeader);
    String outcome = MetricLabels.ingestOutcome(outcomeName);
    counters
        .computeIfAbsent(
            "d|" + provider.id() + "|" + ev + "|" + outcome,
            k ->
                Counter.builder("hookkeeper.deliveries")
                    .description("Webhook requests by provider, event and outcome")
                    .tag("provider", provider.id())
                    .tag("event", ev)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
    timers
        .computeIfAbsent(
            provider.id() + "|" + outcome,
            k ->
                Timer.builder("hookkeeper.ingest.latency")
                    .description("Time from request to acknowledgement")
                    .tag("provider", provider.id())
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The bytes webhook bodies being read hold, out of their shared budget. */
  void bodyBudget(java.util.function.LongSupplier held, long max) {
    // a gauge holds its object weakly: nothing else holds this lambda, so without a strong
    // reference the first GC collects it and the gauge reads NaN from then on
    io.micrometer.core.instrument.Gauge.builder(
            "hookkeeper.ingest.body.bytes", held, s -> s.getAsLong())
        .strongReference(true)
        .description("Bytes held by webhook bodies being read")
        .baseUnit("bytes")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder("hookkeeper.ingest.body.budget", () -> max)
        .description("Bytes webhook bodies being read may hold together")
        .baseUnit("bytes")
        .register(registry);
  }

  void signatureFailure(Provider provider) {
    count(
        "hookkeeper.signature.failures",
        "Webhook requests that failed authentication",
        "provider",
        provider.id());
  }

  void hookCreation(Provider provider, String outcomeName) {
    String outcome = MetricLabels.hookOutcome(outcomeName);
    counters
        .computeIfAbsent(
            "h|" + provider.id() + "|" + outcome,
            k ->
                Counter.builder("hookkeeper.hook.creations")
                    .description("Provider hook creations by outcome")
                    .tag("provider", provider.id())
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
  }

  private void count(String name, String description, String tagKey, String tagValue) {
    counters
        .computeIfAbsent(
            name + "|" + tagValue,
            k ->
                Counter.builder(name)
                    .description(description)
                    .tag(tagKey, tagValue)
                    .register(registry))
        .increment();
  }
}
